using System.Collections.Concurrent;
using System.Security.Claims;

namespace Bright.Server.Live;

/// <summary>
/// One hub topic: a snapshot with a version, and deltas with consecutive versions. Changes between two
/// publisher ticks are coalesced into one delta, so fan-out grows with screens × topics, not with events.
/// Thread-safe: snapshot and delta are taken under one lock so their versions never interleave.
/// </summary>
public abstract class LiveTopic(string name)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, byte> _audiences = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>The topic's name as clients subscribe to it, e.g. <c>ingest</c> or <c>beds:RQ6</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The site the topic is about, or null for trust-wide topics (limits site-bound tokens).</summary>
    public virtual string? Site => null;

    /// <summary>The current state and its version.</summary>
    public (long Version, object Data) Snapshot()
    {
        lock (_gate)
        {
            return (_version, BuildSnapshot());
        }
    }

    /// <summary>
    /// The changes since the last delta, under the next version; false when nothing changed.
    /// </summary>
    public bool TryTakeDelta(out long version, out object? data)
    {
        lock (_gate)
        {
            data = BuildDelta();
            if (data is null)
            {
                version = _version;
                return false;
            }

            version = ++_version;
            return true;
        }
    }

    /// <summary>The audiences that have subscribed, for a topic whose data depends on who looks (see <see cref="AudienceOf"/>).</summary>
    public IReadOnlyCollection<string> Audiences => [.. _audiences.Keys];

    /// <summary>The SignalR group of one audience of a topic.</summary>
    public static string GroupOf(string topic, string audience) => topic + "#" + audience;

    /// <summary>
    /// Which audience <paramref name="user"/> belongs to when what the topic shows depends on who looks (the same
    /// versions, each audience's data filtered by <see cref="ForAudience"/>); null when everyone sees the same.
    /// Remembers the audience so deltas are sent to it.
    /// </summary>
    public string? JoinAudience(ClaimsPrincipal user)
    {
        var audience = AudienceOf(user);
        if (audience is not null)
        {
            _audiences.TryAdd(audience, 0);
        }

        return audience;
    }

    /// <summary>The audience of <paramref name="user"/>, or null for a topic everyone sees alike.</summary>
    public virtual string? AudienceOf(ClaimsPrincipal user) => null;

    /// <summary>What <paramref name="audience"/> sees of a snapshot's or delta's data.</summary>
    public virtual object ForAudience(object data, string audience) => data;

    /// <summary>The whole state for a new or resynchronising subscriber; called under the topic's lock.</summary>
    protected abstract object BuildSnapshot();

    /// <summary>What changed since the last call, or null for nothing; called under the topic's lock.</summary>
    protected abstract object? BuildDelta();
}
