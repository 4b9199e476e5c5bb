using Bright.Server.Forecasting;

namespace Bright.Server.Jobs;

/// <summary>
/// Hourly, five minutes past, once the last hour is complete: re-forecasts every series from its kept model with the
/// latest data (no training), stores the forecasts and pushes each to its <c>forecast:{series}</c> topic.
/// </summary>
internal sealed class ForecastRefreshJob(ForecastService forecasts)
{
    public const string Id = "forecast-refresh";

    public Task<int> RunAsync(CancellationToken cancellationToken) => forecasts.RefreshAllAsync(cancellationToken);
}
