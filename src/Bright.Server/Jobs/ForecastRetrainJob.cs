using Bright.Server.Forecasting;

namespace Bright.Server.Jobs;

/// <summary>
/// Retrains every store series (backtest, choose model or baseline, intervals) and stores the forecasts. Runs
/// nightly, and once at start-up when nothing is stored yet, one heavy job at a time (<see cref="HeavyJobGate"/>); progress is logged series by series.
/// </summary>
internal sealed class ForecastRetrainJob(ForecastService forecasts, CapacityService capacity, HeavyJobGate gate)
{
    public const string Id = "forecast-retrain";

    /// <summary>Retrains every series, then each site's <c>capacity:{site}</c> outlook; the number of series trained.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(cancellationToken);
        var trained = await forecasts.RetrainAllAsync(cancellationToken);
        await capacity.PublishAllAsync(cancellationToken);
        return trained;
    }
}
