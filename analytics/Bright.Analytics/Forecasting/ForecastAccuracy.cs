namespace Bright.Analytics.Forecasting;

/// <summary>The accuracy measures of DOMAIN.md 8: MASE, MAPE, interval coverage and pinball loss.</summary>
public static class ForecastAccuracy
{
    /// <summary>
    /// The in-sample mean absolute error of the lag-<paramref name="season"/> seasonal naive on
    /// <paramref name="values"/> (the MASE denominator): mean of |y[t] − y[t−m]| for t ≥ m; NaN when there are
    /// no such pairs.
    /// </summary>
    public static double SeasonalNaiveScale(IReadOnlyList<double> values, int season)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(season, 1);
        if (values.Count <= season)
        {
            return double.NaN;
        }

        var sum = 0.0;
        for (var t = season; t < values.Count; t++)
        {
            sum += Math.Abs(values[t] - values[t - season]);
        }

        return sum / (values.Count - season);
    }

    /// <summary>Mean absolute scaled error: the mean of |actual − forecast| ÷ <paramref name="scale"/>; NaN when the scale is not positive.</summary>
    public static double Mase(IReadOnlyList<double> actual, IReadOnlyList<double> forecast, double scale) =>
        scale > 0 ? MeanAbsoluteError(actual, forecast) / scale : double.NaN;

    /// <summary>Mean absolute error.</summary>
    public static double MeanAbsoluteError(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        CheckPaired(actual, forecast);
        return actual.Select((y, i) => Math.Abs(y - forecast[i])).Average();
    }

    /// <summary>
    /// Mean absolute percentage error, mean(|y − ŷ| ÷ y) × 100, over the points where y is not zero (for daily
    /// totals only: DOMAIN.md 8); NaN when every actual is zero.
    /// </summary>
    public static double Mape(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        CheckPaired(actual, forecast);
        var terms = actual.Select((y, i) => (y, f: forecast[i])).Where(p => p.y != 0).Select(p => Math.Abs((p.y - p.f) / p.y)).ToList();
        return terms.Count == 0 ? double.NaN : terms.Average() * 100;
    }

    /// <summary>The share of actuals inside their [lower, upper] interval, from 0 to 1.</summary>
    public static double Coverage(IReadOnlyList<double> actual, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        CheckPaired(actual, lower);
        CheckPaired(actual, upper);
        return actual.Select((y, i) => y >= lower[i] && y <= upper[i] ? 1.0 : 0.0).Average();
    }

    /// <summary>Pinball loss for quantile <paramref name="q"/>: q(y − ŷ) when y ≥ ŷ, else (1 − q)(ŷ − y).</summary>
    public static double Pinball(double actual, double forecast, double q) =>
        actual >= forecast ? q * (actual - forecast) : (1 - q) * (forecast - actual);

    private static void CheckPaired(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count || a.Count == 0)
        {
            throw new ArgumentException($"Actuals ({a.Count}) and forecasts ({b.Count}) must be paired and not empty.", nameof(b));
        }
    }
}
