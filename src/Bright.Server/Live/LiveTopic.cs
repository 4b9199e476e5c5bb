namespace Bright.Server.Live;

/// <summary>
/// One hub topic: a snapshot with a version, and deltas with consecutive versions. Changes between two
/// publisher ticks are coalesced into one delta, so fan-out grows with screens × topics, not with events.
/// Thread-safe: snapshot and delta are taken under one lock so their versions never interleave.
/// </summary>
public abstract class LiveTopic(string name)
{
    private readonly Lock _gate = new();
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

    /// <summary>The whole state for a new or resynchronising subscriber; called under the topic's lock.</summary>
    protected abstract object BuildSnapshot();

    /// <summary>What changed since the last call, or null for nothing; called under the topic's lock.</summary>
    protected abstract object? BuildDelta();
}
