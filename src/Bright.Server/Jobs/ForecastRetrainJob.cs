using Bright.Server.Forecasting;
using Hangfire.Server;

namespace Bright.Server.Jobs;

/// <summary>
/// Retrains every store series (backtest, choose model or baseline, intervals) and stores the forecasts. Runs
/// nightly, and once at start-up when nothing is stored yet, one heavy job at a time (<see cref="HeavyJobGate"/>); progress is logged series by series.
/// </summary>
internal sealed class ForecastRetrainJob(ForecastService forecasts, CapacityService capacity, HeavyJobGate gate)
{
    public const string Id = "forecast-retrain";

    /// <summary>
    /// Retrains every series, then each site's <c>capacity:{site}</c> outlook; the number of series trained. Hangfire
    /// passes the <paramref name="context"/> (given as null when the job is queued), so the progress names this job.
    /// </summary>
    public async Task<int> RunAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(cancellationToken);
        var trained = await forecasts.RetrainAllAsync(context?.BackgroundJob.Id, cancellationToken);
        await capacity.PublishAllAsync(cancellationToken);
        return trained;
    }
}
