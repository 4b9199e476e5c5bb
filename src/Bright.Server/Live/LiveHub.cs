using Bright.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Bright.Server.Live;

/// <summary>
/// The one hub, <c>/hubs/live</c>. <c>Subscribe</c> answers each topic with a snapshot; deltas follow
/// from <see cref="LivePublisher"/>. A client that sees a version gap, or reconnects, subscribes again.
/// </summary>
[Authorize(Policy = BrightPolicies.Live)]
internal sealed class LiveHub(LiveTopicRegistry registry, TopicAccess access) : Hub<ILiveClient>
{
    public async Task Subscribe(string[] topics)
    {
        var resolved = Resolve(topics);
        foreach (var topic in resolved)
        {
            // Join first, then snapshot: a delta published in between carries a version at or below the
            // snapshot's, and the client drops it.
            var audience = topic.JoinAudience(Context.User!);
            await Groups.AddToGroupAsync(Context.ConnectionId, audience is null ? topic.Name : LiveTopic.GroupOf(topic.Name, audience));
            var (version, data) = topic.Snapshot();
            await Clients.Caller.Snapshot(topic.Name, version, audience is null ? data : topic.ForAudience(data, audience));
        }
    }

    public async Task Unsubscribe(string[] topics)
    {
        foreach (var name in topics ?? [])
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, name);
            if (name is not null && registry.Find(name)?.AudienceOf(Context.User!) is { } audience)
            {
                await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveTopic.GroupOf(name, audience));
            }
        }
    }

    private List<LiveTopic> Resolve(string[]? names)
    {
        if (names is null || names.Length == 0)
        {
            throw new HubException("Subscribe needs at least one topic, e.g. [\"ingest\"].");
        }

        var resolved = new List<LiveTopic>();
        foreach (var name in names)
        {
            var topic = registry.Find(name ?? "") ?? throw new HubException(
                $"Unknown topic '{name}'. Known topics: {string.Join(", ", registry.All.Select(t => t.Name))}.");
            if (access.Denial(Context.User!, topic) is { } reason)
            {
                throw new HubException(reason);
            }

            resolved.Add(topic);
        }

        return resolved;
    }
}
