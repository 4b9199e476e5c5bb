using System.Text.Json;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Bright.Store.Fhir;
using Bright.Store.LiveHistory;
using Bright.Store.Replication;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>
/// The cluster's durable event log: a Redis Stream with one entry per group of up to
/// <see cref="RedisOptions.EventsPerEntry"/> events (a JSON array), so a sender's batch costs a few <c>XADD</c>s,
/// pipelined, rather than one per event. Dead letters, data-quality flags, alert acknowledgements, FHIR Locations and
/// every change made through the API (administrators' changes, replay outcomes, saved queries and schedules) travel on
/// the same stream as entries of their own, so one position per node covers everything a node replicates. An append
/// is confirmed when Redis has answered every <c>XADD</c>; how durable that is depends on Redis's AOF setting (see the
/// README: <c>appendfsync everysec</c> or <c>always</c>).
/// </summary>
internal sealed class RedisEventLog(RedisConnection redis, IOptions<RedisOptions> options, NodeIdentity node, AppliedChanges applied)
    : IEventLog, IRecordLog
{
    /// <summary>How long a request waits for its change to be applied on its own node before answering 503.</summary>
    public static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(30);

    public const string EventsField = "events";
    public const string NodeField = "node";
    public const string DeadLettersField = "deadLetters";
    public const string DataQualityField = "dataQualityFlags";
    public const string AcknowledgementField = "acknowledgement";
    public const string FeedChangeField = "feedChange";
    public const string AlertRuleChangeField = "alertRuleChange";
    public const string OpelTableChangeField = "opelTableChange";
    public const string KpiChangeField = "kpiChange";
    public const string DashboardChangeField = "dashboardChange";
    public const string DeadLetterReplayField = "deadLetterReplay";
    public const string FhirLocationsField = "fhirLocations";
    public const string SavedQueryChangeField = "savedQueryChange";
    public const string QueryScheduleChangeField = "queryScheduleChange";

    /// <summary>On an entry whose node waits for it to be applied: the id of the change (<see cref="AppliedChanges"/>).</summary>
    public const string ChangeField = "change";

    /// <summary>Every field naming a record entry (not events), in the order the reader looks for them.</summary>
    public static readonly string[] RecordFields =
        [DeadLettersField, DataQualityField, AcknowledgementField, FeedChangeField, AlertRuleChangeField, OpelTableChangeField, KpiChangeField,
            DashboardChangeField, DeadLetterReplayField, FhirLocationsField, SavedQueryChangeField, QueryScheduleChangeField];

    public Task AppendDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken) =>
        AppendRecordAsync(DeadLettersField, JsonSerializer.SerializeToUtf8Bytes([.. letters], EventLogJson.Default.DeadLetterArray), cancellationToken);

    public Task AppendDataQualityFlagsAsync(IReadOnlyList<DataQualityFlag> flags, CancellationToken cancellationToken) =>
        AppendRecordAsync(DataQualityField, JsonSerializer.SerializeToUtf8Bytes([.. flags], EventLogJson.Default.DataQualityFlagArray), cancellationToken);

    public Task AppendAcknowledgementAsync(AlertAcknowledgement acknowledgement, CancellationToken cancellationToken) =>
        AppendRecordAsync(AcknowledgementField, JsonSerializer.SerializeToUtf8Bytes(acknowledgement, EventLogJson.Default.AlertAcknowledgement),
            cancellationToken);

    public async Task AppendDeadLetterReplayAsync(DeadLetterReplayed replay, CancellationToken cancellationToken) =>
        await AppendChangeAsync(DeadLetterReplayField, JsonSerializer.SerializeToUtf8Bytes(replay, EventLogJson.Default.DeadLetterReplayed),
            cancellationToken);

    public async Task AppendFhirLocationsAsync(IReadOnlyList<FhirLocation> locations, CancellationToken cancellationToken) =>
        await AppendChangeAsync(FhirLocationsField, JsonSerializer.SerializeToUtf8Bytes([.. locations], EventLogJson.Default.FhirLocationArray),
            cancellationToken);

    /// <summary>
    /// Appends a change (an administrator's, a replay outcome, a saved query or schedule, a feed's Locations) and waits
    /// until this node has applied it, answering
    /// what applying it answered; the change is validated before, so every node applies it alike.
    /// </summary>
    /// <exception cref="StoreWriteException">The log is unreachable or refused the append, or the change was appended but
    /// this node did not apply it within <see cref="ChangeTimeout"/> (it still takes effect when the node catches up).</exception>
    public async Task<object?> AppendChangeAsync(string field, byte[] json, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var done = applied.Expect(id);
        try
        {
            await AppendRecordAsync(field, json, cancellationToken, new NameValueEntry(ChangeField, id.ToString("N")));
            return await done.WaitAsync(ChangeTimeout, cancellationToken) is Exception failed
                ? throw new StoreWriteException($"The change is on the event log but applying it on this node failed: {failed.Message}", failed)
                : done.Result;
        }
        catch (TimeoutException)
        {
            throw new StoreWriteException($"The change was appended to the event log on Redis ({redis.Endpoints}) but this node has not applied it "
                + $"within {ChangeTimeout.TotalSeconds:0} s (see GET /api/cluster/nodes); it takes effect on every node as each reads it.");
        }
        finally
        {
            applied.Forget(id);
        }
    }

    /// <summary>One entry holding one record batch: a few a minute at most, so each is its own <c>XADD</c>.</summary>
    private async Task AppendRecordAsync(string field, byte[] json, CancellationToken cancellationToken, NameValueEntry? change = null)
    {
        var opts = options.Value;
        if (!redis.IsConnected)
        {
            throw Unreachable(null);
        }

        try
        {
            NameValueEntry[] values = change is { } c
                ? [new NameValueEntry(NodeField, node.Id), c, new NameValueEntry(field, json)]
                : [new NameValueEntry(NodeField, node.Id), new NameValueEntry(field, json)];
            await redis.Database.StreamAddAsync(opts.StreamKey, values).WaitAsync(cancellationToken);
        }
        catch (RedisException ex)
        {
            throw Unreachable(ex);
        }

        await redis.Database.PublishAsync(RedisChannel.Literal(opts.NoticeChannel), 1, CommandFlags.FireAndForget);
    }

    public async Task AppendAsync(IReadOnlyList<HospitalEvent> events, CancellationToken cancellationToken)
    {
        var opts = options.Value;
        if (!redis.IsConnected)
        {
            throw Unreachable(null);
        }

        var db = redis.Database;
        var appends = new List<Task<RedisValue>>();
        for (var start = 0; start < events.Count; start += opts.EventsPerEntry)
        {
            var chunk = new HospitalEvent[Math.Min(opts.EventsPerEntry, events.Count - start)];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = events[start + i];
            }

            var json = JsonSerializer.SerializeToUtf8Bytes(chunk, EventLogJson.Default.HospitalEventArray);
            appends.Add(db.StreamAddAsync(opts.StreamKey, [new NameValueEntry(NodeField, node.Id), new NameValueEntry(EventsField, json)]));
        }

        try
        {
            await Task.WhenAll(appends).WaitAsync(cancellationToken);
        }
        catch (RedisException ex)
        {
            throw Unreachable(ex);
        }

        // A notice wakes every node's reader at once; a lost notice only delays a reader to its next poll.
        await db.PublishAsync(RedisChannel.Literal(opts.NoticeChannel), appends.Count, CommandFlags.FireAndForget);
    }

    /// <summary>The ids of the nodes reading the log (its consumer groups; a retired node has none); empty before any node has read.</summary>
    public async Task<IReadOnlyList<string>> NodeIdsAsync()
    {
        var key = options.Value.StreamKey;
        return await redis.Database.KeyExistsAsync(key) ? [.. (await redis.Database.StreamGroupInfoAsync(key)).Select(g => g.Name)] : [];
    }

    /// <summary>
    /// The next number of the cluster-wide sequence <paramref name="name"/>, above <paramref name="floor"/> (the highest
    /// this node has stored, so numbers given before the node joined are never reused).
    /// </summary>
    /// <exception cref="StoreWriteException">Redis is unreachable.</exception>
    public async Task<long> NextIdAsync(string name, long floor, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            throw Unreachable(null);
        }

        try
        {
            var next = await redis.Database.ScriptEvaluateAsync(NextIdScript, [(RedisKey)$"{options.Value.StreamKey}:ids:{name}"], [floor])
                .WaitAsync(cancellationToken);
            return (long)next;
        }
        catch (RedisException ex)
        {
            throw Unreachable(ex);
        }
    }

    // Raises the counter to the floor, then counts on: one atomic step on Redis, whichever node asks.
    private const string NextIdScript = """
        local floor = tonumber(ARGV[1])
        if tonumber(redis.call('GET', KEYS[1]) or '0') < floor then redis.call('SET', KEYS[1], floor) end
        return redis.call('INCR', KEYS[1])
        """;

    private StoreWriteException Unreachable(Exception? cause)
    {
        var message = $"The event log on Redis ({redis.Endpoints}, Bright:Redis:Configuration) is unreachable or refused the append"
            + (cause is null ? "." : $": {cause.Message}");
        return cause is null ? new StoreWriteException(message) : new StoreWriteException(message, cause);
    }
}
