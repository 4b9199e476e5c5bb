using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bright.Store.Query;

/// <summary>
/// Refreshes the query snapshots in use every <see cref="QueryOptions.SnapshotInterval"/>, so that queries
/// rarely wait for a copy; a query finding its snapshot stale refreshes it itself.
/// </summary>
internal sealed partial class QuerySnapshotRefresher(QuerySnapshots snapshots, QueryOptions options, TimeProvider clock,
    ILogger<QuerySnapshotRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SnapshotInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await snapshots.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick or the next query tries again; the failure is visible in the log.
                LogRefreshFailed(ex);
            }
        }
    }

    [LoggerMessage(1103, LogLevel.Error, "Refreshing the query snapshots failed; queries keep the previous snapshot until a refresh succeeds")]
    private partial void LogRefreshFailed(Exception exception);
}
