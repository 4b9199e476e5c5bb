using Bright.Server.Forecasting;

namespace Bright.Server.Jobs;

/// <summary>
/// Retrains every store series (backtest, choose model or baseline, intervals) and stores the forecasts. Runs
/// nightly, and once at start-up when nothing is stored yet; progress is logged series by series.
/// </summary>
internal sealed class ForecastRetrainJob(ForecastService forecasts)
{
    public const string Id = "forecast-retrain";

    public Task<int> RunAsync(CancellationToken cancellationToken) => forecasts.RetrainAllAsync(cancellationToken);
}
