namespace Bright.Analytics.Forecasting;

/// <summary>
/// The seasonal naive baseline of DOMAIN.md 8: the forecast for origin + h is the last observed value one or
/// more whole seasons earlier, y[o + h − m·⌈h/m⌉]. Every model is judged against it.
/// </summary>
public static class SeasonalNaive
{
    /// <summary>The name served when the baseline is shown.</summary>
    public const string Name = "seasonal_naive";

    /// <summary>Forecasts <paramref name="horizon"/> periods after index <paramref name="origin"/>, using only values at or before it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The origin has less than one season behind it.</exception>
    public static double[] Forecast(IReadOnlyList<double> values, int origin, int season, int horizon)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (origin < season - 1 || origin >= values.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(origin), origin, $"Value should be in range [{season - 1}-{values.Count - 1}].");
        }

        var forecast = new double[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            forecast[h - 1] = values[origin + h - (season * SeasonsBack(h, season))];
        }

        return forecast;
    }

    /// <summary>⌈h/m⌉: how many whole seasons back the nearest known value for step h lies.</summary>
    internal static int SeasonsBack(int h, int season) => ((h - 1) / season) + 1;
}
