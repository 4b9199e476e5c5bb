namespace Bright.Analytics.Forecasting;

/// <summary>
/// A regular series to forecast: consecutive periods of <see cref="Frequency"/> with no gaps, each point at the
/// local clock time its period starts (Europe/London for BRIGHT's own series).
/// </summary>
/// <param name="Frequency">How far apart the points are.</param>
/// <param name="Times">Period starts, local clock times, ascending and consecutive.</param>
/// <param name="Values">One finite value per period.</param>
public sealed record ForecastSeries(ForecastFrequency Frequency, IReadOnlyList<DateTime> Times, IReadOnlyList<double> Values)
{
    /// <summary>The fewest points that can be forecast <paramref name="horizon"/> periods ahead and backtested: two seasons and the horizon.</summary>
    public static int MinimumPoints(ForecastFrequency frequency, int horizon) => (2 * frequency.SeasonLength()) + horizon;
}

/// <summary>One forecast period: the mean and its 80% and 95% prediction intervals.</summary>
/// <param name="Time">The period's start, a local clock time.</param>
/// <param name="Mean">The point forecast.</param>
/// <param name="Lower80">Lower bound of the 80% interval.</param>
/// <param name="Upper80">Upper bound of the 80% interval.</param>
/// <param name="Lower95">Lower bound of the 95% interval.</param>
/// <param name="Upper95">Upper bound of the 95% interval.</param>
public sealed record ForecastPoint(DateTime Time, double Mean, double Lower80, double Upper80, double Lower95, double Upper95);

/// <summary>
/// How the served model did on rolling-origin backtests over the series' own history (DOMAIN.md 8). Every
/// figure is over the same windows for model and baseline; null where it cannot be computed (a series with no
/// seasonal variation has no MASE; MAPE is for daily series only; coverage needs two or more windows).
/// </summary>
/// <param name="Mase">MASE of the served model.</param>
/// <param name="Baseline">MASE of the seasonal naive baseline over the same windows.</param>
/// <param name="Mape">MAPE (%) of the served model, daily series only.</param>
/// <param name="BaselineMape">MAPE (%) of the baseline, daily series only.</param>
/// <param name="Coverage80">Share of actuals inside the served 80% interval (calibrated without their own window).</param>
/// <param name="Coverage95">Share of actuals inside the served 95% interval.</param>
/// <param name="Origins">How many forecast origins (windows) were evaluated.</param>
/// <param name="Horizon">Periods forecast from each origin.</param>
/// <param name="Candidate">The model tried against the baseline.</param>
/// <param name="CandidateMase">Its MASE on the same windows, whether or not it was served; null when it could not be trained.</param>
public sealed record ForecastBacktest(double? Mase, double? Baseline, double? Mape, double? BaselineMape, double? Coverage80, double? Coverage95,
    int Origins, int Horizon, string Candidate, double? CandidateMase);

/// <summary>A forecast ready to serve.</summary>
/// <param name="Points">The horizon's future periods, in order.</param>
/// <param name="Model"><see cref="ForecastEngine.TreeModelName"/> or <see cref="SeasonalNaive.Name"/>.</param>
/// <param name="Backtest">The evidence for choosing it.</param>
public sealed record ForecastResult(IReadOnlyList<ForecastPoint> Points, string Model, ForecastBacktest Backtest);

/// <summary>Tuning of <see cref="ForecastEngine"/>; the defaults are what BRIGHT serves.</summary>
public sealed record ForecastOptions
{
    /// <summary>ML.NET's seed, so a forecast can be reproduced.</summary>
    public int Seed { get; init; } = 2016;

    /// <summary>The most backtest origins; each costs one training.</summary>
    public int MaxOrigins { get; init; } = 12;

    /// <summary>Backtest origins are added until about this many out-of-sample residuals exist (for the intervals).</summary>
    public int TargetResiduals { get; init; } = 240;

    /// <summary>Boosted trees per model.</summary>
    public int Trees { get; init; } = 120;

    /// <summary>The most training rows per model (the latest targets are kept).</summary>
    public int MaxTrainingRows { get; init; } = 36_000;
}
