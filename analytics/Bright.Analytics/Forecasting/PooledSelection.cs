namespace Bright.Analytics.Forecasting;

/// <summary>One series' forecast from <see cref="PooledSelection"/>, with the backtest that chose it.</summary>
/// <param name="Key">The series.</param>
/// <param name="Model"><see cref="PooledSelection.PooledModelName"/> or <see cref="SeasonalNaive.Name"/>: what was chosen for it.</param>
/// <param name="Mean">The chosen forecast.</param>
/// <param name="Naive">The 12-month seasonal naive forecast.</param>
/// <param name="Pooled">The pooled model's forecast; null where the series has a month of zero or less in its last year.</param>
/// <param name="PooledError">The pooled model's total absolute error over the backtest windows; null where it gave no forecast.</param>
/// <param name="NaiveError">The naive's total absolute error over the same windows.</param>
internal sealed record PooledSeriesForecast(string Key, string Model, double[] Mean, double[] Naive, double[]? Pooled, double? PooledError,
    double NaiveError);

/// <summary>A panel's forecasts and the panel-wide backtest.</summary>
/// <param name="Series">One forecast per series, in the panel's order.</param>
/// <param name="BacktestOrigins">The backtest origins (indexes), each with its own pooled model trained on the months up to it.</param>
/// <param name="PooledWinsPanel">
/// Whether the pooled model's backtest error, as a ratio to the naive's, has a median below one across the series: the
/// rule for serving it to the whole panel rather than series by series.
/// </param>
internal sealed record PooledPanelForecast(IReadOnlyList<PooledSeriesForecast> Series, IReadOnlyList<int> BacktestOrigins, bool PooledWinsPanel);

/// <summary>
/// Chooses between the pooled model (<see cref="PooledForecaster"/>) and the 12-month seasonal naive for every series of
/// a short monthly panel by a backtest inside the panel's own history: for each origin b from the horizon before the end
/// (but no earlier than four months after <see cref="PooledForecaster.FirstOrigin"/>) to the month before last, a pooled
/// model is trained only on targets up to b and forecasts the months after b to the end. A series is served the pooled
/// model only where its total absolute error over those windows is below the naive's; otherwise the labelled naive.
/// Pooled rows make this possible: one series' two years give too few rows to train on, the panel's give thousands.
/// </summary>
internal sealed class PooledSelection(ForecastOptions? options = null)
{
    /// <summary>The name served where the pooled model beat the naive in the backtest.</summary>
    public const string PooledModelName = "pooled_fasttree";

    private readonly PooledForecaster _forecaster = new(options);

    /// <summary>
    /// Forecasts the <paramref name="horizon"/> months after the last of every series of <paramref name="panel"/>, whose
    /// first value is for month <paramref name="firstMonth"/> (1..12).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The panel is empty, its series differ in length or are shorter than two years, the horizon is not 1..12, or the
    /// first month is not 1..12.
    /// </exception>
    public PooledPanelForecast Forecast(IReadOnlyList<PanelSeries> panel, int firstMonth, int horizon)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (firstMonth is < 1 or > 12)
        {
            throw new ArgumentException($"The first month is 1 (January) to 12 (December); {firstMonth} was given.", nameof(firstMonth));
        }

        if (panel.FirstOrDefault(s => s.Values.Count < 2 * PooledForecaster.Season) is { } shortSeries)
        {
            throw new ArgumentException(
                $"Series '{shortSeries.Key}' has {shortSeries.Values.Count} months; the pooled selection needs at least " +
                $"{2 * PooledForecaster.Season} to train and backtest.", nameof(panel));
        }

        var n = panel.Count == 0 ? 0 : panel[0].Values.Count;
        var origins = Enumerable.Range(0, n).Where(b => b >= Math.Max(n - 1 - horizon, PooledForecaster.FirstOrigin + 4) && b <= n - 2).ToList();
        var pooledError = new double?[panel.Count];
        var naiveError = new double[panel.Count];
        Array.Fill(pooledError, 0);
        foreach (var origin in origins)
        {
            var steps = Math.Min(horizon, n - 1 - origin);
            var model = _forecaster.Fit(panel, firstMonth, origin, steps);
            for (var i = 0; i < panel.Count; i++)
            {
                var values = panel[i].Values;
                var actual = values.Skip(origin + 1).Take(steps).ToArray();
                naiveError[i] += Error(actual, SeasonalNaive.Forecast(values, origin, PooledForecaster.Season, steps));
                var pooled = model is null ? null : PooledForecaster.Forecast(model, panel[i], firstMonth, origin, steps);
                pooledError[i] = pooled is null ? null : pooledError[i] + Error(actual, pooled);
            }
        }

        var final = _forecaster.Fit(panel, firstMonth, n - 1, horizon);
        var forecasts = panel.Select((series, i) =>
        {
            var naive = SeasonalNaive.Forecast(series.Values, n - 1, PooledForecaster.Season, horizon);
            var pooled = final is null ? null : PooledForecaster.Forecast(final, series, firstMonth, n - 1, horizon);
            var error = origins.Count > 0 ? pooledError[i] : null;
            var wins = pooled is not null && error is { } e && e < naiveError[i];
            return new PooledSeriesForecast(series.Key, wins ? PooledModelName : SeasonalNaive.Name, wins ? pooled! : naive, naive, pooled, error,
                naiveError[i]);
        }).ToList();
        var ratios = forecasts.Where(f => f.NaiveError > 0).Select(f => f.PooledError is { } e ? e / f.NaiveError : double.PositiveInfinity).Order().ToList();
        var panelWins = ratios.Count > 0 && final is not null && ratios[(ratios.Count - 1) / 2] < 1;
        return new PooledPanelForecast(forecasts, origins, panelWins);
    }

    private static double Error(double[] actual, double[] forecast) => actual.Select((y, i) => Math.Abs(y - forecast[i])).Sum();
}
