using Bright.Pipelines.Ingestion;
using Bright.Store.DeadLetters;
using Bright.Store.Events;

namespace Bright.Server.Hosting;

/// <summary>
/// Before the server listens: opens and migrates the store, loads the writer's dedupe index, and rebuilds
/// the live figures from stored events (no second source of truth).
/// </summary>
internal sealed class StoreStartup(EventWriter writer, EventReader events, DeadLetterStore deadLetters, IngestMonitor monitor, TimeProvider clock)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = writer.IsRunning;
        await IngestMonitorSeed.LoadAsync(monitor, events, deadLetters, clock, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
