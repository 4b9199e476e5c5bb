using Bright.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Bright.Server.Live;

/// <summary>
/// The one hub, <c>/hubs/live</c>. <c>Subscribe</c> answers each topic with a snapshot; deltas follow
/// from <see cref="LivePublisher"/>. A client that sees a version gap, or reconnects, subscribes again.
/// </summary>
[Authorize(Policy = BrightPolicies.Live)]
internal sealed class LiveHub(LiveTopicRegistry topics, TopicAccess access) : Hub<ILiveClient>
{
    public async Task Subscribe(string[] topics)
    {
        var resolved = Resolve(topics);
        foreach (var topic in resolved)
        {
            // Join first, then snapshot: a delta published in between carries a version at or below the
            // snapshot's, and the client drops it.
            await Groups.AddToGroupAsync(Context.ConnectionId, topic.Name);
            var (version, data) = topic.Snapshot();
            await Clients.Caller.Snapshot(topic.Name, version, data);
        }
    }

    public async Task Unsubscribe(string[] topics)
    {
        foreach (var name in topics ?? [])
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, name);
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
            var topic = topics.Find(name ?? "") ?? throw new HubException(
                $"Unknown topic '{name}'. Known topics: {string.Join(", ", topics.All.Select(t => t.Name))}.");
            if (access.Denial(Context.User!, topic) is { } reason)
            {
                throw new HubException(reason);
            }

            resolved.Add(topic);
        }

        return resolved;
    }
}
