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

    public bool IsDistributed => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>The channel on which nodes announce new entries, so readers wake without polling.</summary>
    public string NoticeChannel => StreamKey + ":appended";

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
