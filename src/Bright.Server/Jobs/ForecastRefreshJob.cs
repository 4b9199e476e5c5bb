using Bright.Server.Forecasting;

namespace Bright.Server.Jobs;

/// <summary>
/// Hourly, five minutes past, once the last hour is complete: re-forecasts every series from its kept model with the
/// latest data (no training), stores the forecasts and pushes each to its <c>forecast:{series}</c> topic, then each
/// site's demand against capacity to <c>capacity:{site}</c>. One heavy job at a time (<see cref="HeavyJobGate"/>).
/// </summary>
internal sealed class ForecastRefreshJob(ForecastService forecasts, CapacityService capacity, HeavyJobGate gate)
{
    public const string Id = "forecast-refresh";

    /// <summary>Refreshes every kept model, then each site's <c>capacity:{site}</c> outlook; the number of forecasts refreshed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(cancellationToken);
        var refreshed = await forecasts.RefreshAllAsync(cancellationToken);
        await capacity.PublishAllAsync(cancellationToken);
        return refreshed;
    }
}
