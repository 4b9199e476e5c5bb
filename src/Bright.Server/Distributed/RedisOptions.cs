using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>
/// Settings of the <c>Bright:Redis</c> section. An empty <see cref="Configuration"/> is the embedded mode; set,
/// the node runs distributed: events go through a Redis Stream, jobs are stored in Redis.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Bright:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis1:6379,password=...</c>; empty for the embedded mode.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>The stream holding the event log; every node of one cluster must name the same one.</summary>
    public string StreamKey { get; set; } = "bright:events";

    /// <summary>Most events in one stream entry: a sender's batch is split into entries of at most this many.</summary>
    public int EventsPerEntry { get; set; } = 500;

    /// <summary>Most stream entries a node reads and applies to its store in one commit.</summary>
    public int ReadEntries { get; set; } = 64;

    /// <summary>How long a node waits for a new-entry notice before looking at the stream anyway.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the stream is trimmed behind the slowest node's acknowledged position.</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A folder every node can read and write (a network share) where nodes publish snapshots of their store, so
    /// that a node joining after the log was trimmed can be seeded; empty: no snapshots, and the log is trimmed
    /// behind the slowest node only.
    /// </summary>
    public string SnapshotFolder { get; set; } = "";

    /// <summary>How often one node of the cluster publishes a snapshot (with <see cref="SnapshotFolder"/> set).</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A node's consumer group that has not read the log for this long no longer holds back its trimming.</summary>
    public TimeSpan RetireAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a cluster-wide lease (e.g. the simulator's) outlives its holder's last renewal.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(15);

    public bool IsDistributed => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>The channel on which nodes announce new entries, so readers wake without polling.</summary>
    public string NoticeChannel => StreamKey + ":appended";

    /// <summary>The key holding the stream id of the latest snapshot published; the log is kept after it.</summary>
    public string SnapshotKey => StreamKey + ":snapshot";

    /// <summary>The key holding the newest entry id trimmed from the stream (Redis's own record of it counts deletions only).</summary>
    public string TrimmedKey => StreamKey + ":trimmed";

    /// <summary>The key of the cluster-wide lease named <paramref name="name"/>.</summary>
    public string LeaseKey(string name) => StreamKey + ":lease:" + name;

    public IEnumerable<string> Validate()
    {
        if (!IsDistributed)
        {
            yield break;
        }

        string? parseError = null;
        try
        {
            if (ConfigurationOptions.Parse(Configuration).EndPoints.Count == 0)
            {
                parseError = "it names no host, e.g. localhost:6379";
            }
        }
        catch (ArgumentException ex)
        {
            parseError = ex.Message;
        }

        if (parseError is not null)
        {
            yield return $"{Section}:Configuration is not a Redis configuration such as 'redis1:6379,password=...' (was '{Configuration}'): {parseError}";
        }

        if (string.IsNullOrWhiteSpace(StreamKey))
        {
            yield return $"{Section}:StreamKey must name the stream key, e.g. bright:events.";
        }

        if (EventsPerEntry is < 1 or > 10_000)
        {
            yield return $"{Section}:EventsPerEntry must be between 1 and 10000 (was {EventsPerEntry}).";
        }

        if (ReadEntries is < 1 or > 10_000)
        {
            yield return $"{Section}:ReadEntries must be between 1 and 10000 (was {ReadEntries}).";
        }

        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromSeconds(10))
        {
            yield return $"{Section}:PollInterval must be between 00:00:00.010 and 00:00:10 (was {PollInterval}).";
        }

        if (TrimInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:TrimInterval must be at least 00:00:01 (was {TrimInterval}).";
        }

        if (SnapshotFolder.Length > 0 && !Path.IsPathFullyQualified(SnapshotFolder))
        {
            yield return $"{Section}:SnapshotFolder must be an absolute path to a folder shared by every node, e.g. /mnt/bright-snapshots (was '{SnapshotFolder}').";
        }

        if (SnapshotInterval < TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:SnapshotInterval must be at least 00:01:00 (was {SnapshotInterval}).";
        }

        if (RetireAfter < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:RetireAfter must be at least 00:00:01 (was {RetireAfter}).";
        }

        if (LeaseTime < TimeSpan.FromSeconds(1) || LeaseTime > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:LeaseTime must be between 00:00:01 and 00:05:00 (was {LeaseTime}).";
        }
    }
}

/// <summary>Settings of the <c>Bright:Node</c> section: who this node is in a cluster.</summary>
public sealed partial class NodeOptions
{
    public const string Section = "Bright:Node";

    /// <summary>
    /// The node's name in the cluster (its consumer group on the event log). Empty: a GUID made on first start
    /// and kept in the store's settings, so the name follows the store (a fresh store is a new replica).
    /// </summary>
    public string Id { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (Id.Length > 0 && !NodeIdPattern().IsMatch(Id))
        {
            yield return $"{Section}:Id must be 1 to 64 letters, digits, '.', '_' or '-' (was '{Id}').";
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex NodeIdPattern();
}
