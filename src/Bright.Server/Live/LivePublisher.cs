using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Bright.Server.Live;

/// <summary>
/// On each tick, takes every topic's coalesced changes and sends them to that topic's subscribers.
/// </summary>
internal sealed partial class LivePublisher(LiveTopicRegistry topics, IHubContext<LiveHub, ILiveClient> hub, IOptions<LiveOptions> options,
    TimeProvider clock, ILogger<LivePublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PublishInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var topic in topics.All)
            {
                if (!topic.TryTakeDelta(out var version, out var data))
                {
                    continue;
                }

                try
                {
                    await hub.Clients.Group(topic.Name).Delta(topic.Name, version, data!);
                    foreach (var audience in topic.Audiences)
                    {
                        // Every audience gets every version (perhaps with nothing in it for them), so none sees a gap.
                        await hub.Clients.Group(LiveTopic.GroupOf(topic.Name, audience)).Delta(topic.Name, version, topic.ForAudience(data!, audience));
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Subscribers that miss this delta see a version gap and ask for a snapshot.
                    LogPublishFailed(ex, topic.Name, version);
                }
            }
        }
    }

    [LoggerMessage(3001, LogLevel.Warning, "Publishing delta {Version} of topic {Topic} failed; subscribers will resynchronise")]
    private partial void LogPublishFailed(Exception exception, string topic, long version);
}

/// <summary>Settings of the <c>Bright:Live</c> section.</summary>
public sealed class LiveOptions
{
    public const string Section = "Bright:Live";

    /// <summary>How often coalesced deltas are sent: a wallboard needs a few updates a second, not one per event.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public IEnumerable<string> Validate()
    {
        if (PublishInterval < TimeSpan.FromMilliseconds(10) || PublishInterval > TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:PublishInterval must be between 00:00:00.010 and 00:00:01, so screens update within a second (was {PublishInterval}).";
        }
    }
}
