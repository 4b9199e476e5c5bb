namespace Bright.Analytics.Forecasting;

/// <summary>
/// What a training leaves behind for the hourly refresh: the model chosen by backtest, its interval half-widths
/// per step and, for the trees, the trained model itself, so new data can be forecast without training again.
/// Immutable; serialisable with System.Text.Json (the trees travel as base64).
/// </summary>
/// <param name="Frequency">The series' frequency.</param>
/// <param name="Horizon">Steps forecast.</param>
/// <param name="Model"><see cref="ForecastEngine.TreeModelName"/> or <see cref="SeasonalNaive.Name"/>.</param>
/// <param name="Backtest">The evidence for choosing it, from the training.</param>
/// <param name="HalfWidths80">Half-width of the 80% interval at steps 1..Horizon.</param>
/// <param name="HalfWidths95">Half-width of the 95% interval at steps 1..Horizon.</param>
/// <param name="Trees">ML.NET's zip of the trees when they are served; null for the baseline.</param>
public sealed record ForecastModel(ForecastFrequency Frequency, int Horizon, string Model, ForecastBacktest Backtest,
    IReadOnlyList<double> HalfWidths80, IReadOnlyList<double> HalfWidths95, byte[]? Trees);

/// <summary>A training's forecast and the model kept for refreshing it.</summary>
/// <param name="Result">The forecast served now.</param>
/// <param name="Model">What the hourly refresh forecasts from.</param>
public sealed record TrainedForecast(ForecastResult Result, ForecastModel Model);
