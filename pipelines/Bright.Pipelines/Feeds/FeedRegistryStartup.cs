using Microsoft.Extensions.Hosting;

namespace Bright.Pipelines.Feeds;

/// <summary>Before the server listens: the configured feeds are seeded into the store and the stored registry is applied.</summary>
internal sealed class FeedRegistryStartup(FeedAdministration administration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => administration.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
