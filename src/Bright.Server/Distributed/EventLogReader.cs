using System.Text.Json;
using System.Threading.Channels;
using Bright.Pipelines.Ingestion;
using Bright.Server.Live.State;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Bright.Store.Fhir;
using Bright.Store.LiveHistory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>
/// Feeds this node's store from the cluster's event log. The node has its own consumer group (named by its
/// <see cref="NodeIdentity"/>), created at the stream's start, so a new node reads the whole log and a restarted
/// one resumes after its last acknowledged entry. A node whose position is behind what has been trimmed away
/// (a new node after trimming, or one retired and come back) first loads the latest snapshot
/// (<see cref="ClusterSnapshots"/>) and reads on from the snapshot's id. Each read is applied through the
/// writer's commit path (which skips ids already stored, so delivering an entry twice changes nothing) and only
/// then acknowledged (<c>XACK</c>): at-least-once delivery, applied exactly once. Entries of dead letters,
/// data-quality flags, acknowledgements and FHIR Locations are applied to their stores just as idempotently (keyed by
/// entry id, or by the Location's time), and changes (<see cref="AdministrativeChanges"/>, <see cref="SavedQueryChanges"/>)
/// through their owners. Observers (live state, ingest monitor) hear the events on apply, and dead letters refused
/// by another node are counted on this node's ingest figures, so every node's screens converge.
/// </summary>
internal sealed partial class EventLogReader(RedisConnection redis, EventWriter writer, NodeIdentity node, ClusterSnapshots snapshots,
    ReplicaGate gate, DeadLetterStore deadLetters, DataQualityStore dataQuality, LiveHistoryStore history, FhirLocationStore locations,
    IngestMonitor monitor, LiveStateService live, AdministrativeChanges administration, SavedQueryChanges queries, AppliedChanges applied,
    IOptions<RedisOptions> options, ILogger<EventLogReader> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SeedRetryAfter = TimeSpan.FromSeconds(2);
    private readonly Channel<bool> _notices = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _appliedEntries;
    private volatile string? _fault = "The node has not yet joined the event log.";

    /// <summary>Why this node is not keeping up with the log (null when it is), for the readiness check.</summary>
    public string? Fault => _fault;

    /// <summary>Stream entries applied and acknowledged since start.</summary>
    public long AppliedEntries => Interlocked.Read(ref _appliedEntries);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The id must be known before the server listens: senders' entries carry it.
        await node.ResolveAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var opts = options.Value;
        await redis.Multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(opts.NoticeChannel), (_, _) => _notices.Writer.TryWrite(true));
        var groupReady = false;

        // "0" re-reads this node's own delivered-but-unacknowledged entries (a crash between read and XACK);
        // ">" then reads entries never delivered to this node.
        var position = "0";
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!groupReady)
                {
                    await EnsureGroupAsync(opts, stoppingToken);
                    groupReady = true;
                    position = "0";
                }

                var entries = await redis.Database.StreamReadGroupAsync(opts.StreamKey, node.Id, node.Id, position, opts.ReadEntries);
                _fault = null;
                if (entries.Length == 0)
                {
                    if (position == "0")
                    {
                        position = ">";
                        continue;
                    }

                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    wait.CancelAfter(opts.PollInterval);
                    try
                    {
                        await _notices.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // No notice within the poll interval: look at the stream anyway.
                    }

                    continue;
                }

                await ApplyAsync(opts, entries, stoppingToken);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // Redis lost the group (restarted without its data, or the node was retired): make it again;
                // applying from the start is idempotent.
                groupReady = false;
                Faulted($"This node's consumer group {node.Id} vanished from Redis; re-reading the log from its start.", ex);
            }
            catch (SnapshotUnavailableException ex)
            {
                Faulted(ex.Message, ex);
                await Task.Delay(SeedRetryAfter, stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or StoreWriteException)
            {
                Faulted($"This node cannot read the event log on Redis ({redis.Endpoints}): {ex.Message}", ex);
                position = "0";
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    private async Task ApplyAsync(RedisOptions opts, StreamEntry[] entries, CancellationToken stoppingToken)
    {
        var events = new List<HospitalEvent>();
        var records = new List<(string EntryId, NameValueEntry Field, RedisValue Change, bool Mine)>();
        var ids = new RedisValue[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            ids[i] = entries[i].Id;
            var entryId = entries[i].Id.ToString();
            var json = entries[i][RedisEventLog.EventsField];
            if (json.IsNull)
            {
                if (entries[i].Values.FirstOrDefault(v => RedisEventLog.RecordFields.Contains((string?)v.Name)) is { Name.IsNull: false } record)
                {
                    records.Add((entryId, record, entries[i][RedisEventLog.ChangeField], entries[i][RedisEventLog.NodeField] == node.Id));
                    continue;
                }

                // Trimmed away after delivery, or not written by BRIGHT: nothing to apply.
                LogEmptyEntry(entryId, opts.StreamKey);
                continue;
            }

            try
            {
                events.AddRange(JsonSerializer.Deserialize((byte[])json!, EventLogJson.Default.HospitalEventArray) ?? []);
            }
            catch (JsonException ex)
            {
                // Not a BRIGHT entry: it can never be applied, so it is reported and passed over rather than
                // blocking every entry behind it.
                LogUnreadableEntry(ex, entryId, opts.StreamKey);
            }
        }

        await gate.WaitAsync(stoppingToken);
        try
        {
            await writer.ApplyAsync(events, stoppingToken);
            var changes = new List<(Guid Id, object? Result)>();
            foreach (var (entryId, record, change, mine) in records)
            {
                var result = await ApplyRecordAsync(opts, entryId, record, mine, stoppingToken);
                if (!change.IsNull && Guid.TryParseExact(change.ToString(), "N", out var changeId))
                {
                    changes.Add((changeId, result));
                }
            }

            await redis.Database.StreamAcknowledgeAsync(opts.StreamKey, node.Id, ids);

            // Answered once acknowledged, so a request that saw its change applied never finds it pending here.
            foreach (var (changeId, result) in changes)
            {
                applied.Applied(changeId, result);
            }
        }
        finally
        {
            gate.Release();
        }

        Interlocked.Add(ref _appliedEntries, entries.Length);
    }

    /// <summary>Applies one record entry; answers what a change stored (for the request on this node waiting for it).</summary>
    private async Task<object?> ApplyRecordAsync(RedisOptions opts, string entryId, NameValueEntry record, bool mine, CancellationToken cancellationToken)
    {
        try
        {
            var json = (byte[])record.Value!;
            var field = record.Name.ToString();
            switch (field)
            {
                case RedisEventLog.DeadLettersField:
                    var letters = JsonSerializer.Deserialize(json, EventLogJson.Default.DeadLetterArray) ?? [];
                    if (await deadLetters.ApplyAsync(entryId, letters, cancellationToken) > 0 && !mine)
                    {
                        // The node that refused them counted them as it answered the sender; the others count them here,
                        // so every node's ingest topic shows the same rejections.
                        foreach (var letter in letters)
                        {
                            monitor.RecordRejected(letter.Source, letter.Site);
                        }
                    }

                    return null;
                case RedisEventLog.DataQualityField:
                    await dataQuality.ApplyAsync(entryId, JsonSerializer.Deserialize(json, EventLogJson.Default.DataQualityFlagArray) ?? [],
                        cancellationToken);
                    return null;
                case RedisEventLog.FhirLocationsField:
                    await locations.ApplyAsync(JsonSerializer.Deserialize(json, EventLogJson.Default.FhirLocationArray) ?? [], cancellationToken);
                    return null;
                case RedisEventLog.AcknowledgementField:
                    if (JsonSerializer.Deserialize(json, EventLogJson.Default.AlertAcknowledgement) is { } ack)
                    {
                        await history.ApplyAcknowledgementAsync(entryId, ack, cancellationToken);
                        live.AcknowledgedElsewhere(ack.AlertId, ack.AcknowledgedBy, ack.AcknowledgedAt);
                    }

                    return null;
                case RedisEventLog.SavedQueryChangeField or RedisEventLog.QueryScheduleChangeField:
                    return await queries.ApplyAsync(field, json, cancellationToken);
                default:
                    return await administration.ApplyAsync(entryId, field, json, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            LogUnreadableRecord(ex, entryId, opts.StreamKey, record.Name.ToString());
            return ex;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && record.Name != RedisEventLog.DeadLettersField
            && record.Name != RedisEventLog.DataQualityField && record.Name != RedisEventLog.AcknowledgementField
            && record.Name != RedisEventLog.FhirLocationsField)
        {
            // A change every node applies alike: failing here fails everywhere, so it is reported (and answered to the
            // request waiting for it) and passed over rather than stopping this node's log behind it.
            LogChangeFailed(ex, entryId, opts.StreamKey, record.Name.ToString());
            return ex;
        }
    }

    /// <summary>
    /// Joins or resumes the log. A position behind the newest entry trimmed away (or no group, once anything has
    /// been trimmed) means entries this node never applied are gone: it loads the latest snapshot first and
    /// reads from the snapshot's id.
    /// </summary>
    private async Task EnsureGroupAsync(RedisOptions opts, CancellationToken cancellationToken)
    {
        var db = redis.Database;
        while (true)
        {
            var trimmedTo = await TrimmedToAsync(opts);
            var mine = await db.KeyExistsAsync(opts.StreamKey)
                ? (await db.StreamGroupInfoAsync(opts.StreamKey)).FirstOrDefault(g => g.Name == node.Id)
                : default;
            var exists = mine.Name is not null;
            if (exists && StreamId.Parse(mine.LastDeliveredId!) >= trimmedTo)
            {
                LogResumed(node.Id, opts.StreamKey);
                return;
            }

            if (!exists && trimmedTo == StreamId.Zero)
            {
                try
                {
                    await db.StreamCreateConsumerGroupAsync(opts.StreamKey, node.Id, StreamPosition.Beginning, createStream: true);
                    LogJoined(node.Id, opts.StreamKey);
                }
                catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
                {
                    LogResumed(node.Id, opts.StreamKey);
                }

                return;
            }

            _fault = $"Node {node.Id} is behind the trimmed event log {opts.StreamKey} (trimmed up to entry {trimmedTo}) and is loading a snapshot.";
            var manifest = await snapshots.SeedAsync(trimmedTo, cancellationToken);
            if (exists)
            {
                await db.ExecuteAsync("XGROUP", "SETID", opts.StreamKey, node.Id, manifest.StreamId);
            }
            else
            {
                await db.StreamCreateConsumerGroupAsync(opts.StreamKey, node.Id, manifest.StreamId, createStream: false);
            }

            LogSeeded(node.Id, manifest.StreamId, opts.StreamKey);

            // A newer snapshot may have let the log be trimmed past this one meanwhile: then look again.
            if (await TrimmedToAsync(opts) <= StreamId.Parse(manifest.StreamId))
            {
                return;
            }
        }
    }

    /// <summary>
    /// The newest entry ever trimmed (as the trimmer records it) or deleted (as Redis records it) from the stream;
    /// zero when none, or no stream.
    /// </summary>
    private async Task<StreamId> TrimmedToAsync(RedisOptions opts)
    {
        var db = redis.Database;
        if (!await db.KeyExistsAsync(opts.StreamKey))
        {
            return StreamId.Zero;
        }

        var trimmed = StreamId.TryParse(await db.StringGetAsync(opts.TrimmedKey), out var t) ? t : StreamId.Zero;
        var info = (RedisResult[])(await db.ExecuteAsync("XINFO", "STREAM", opts.StreamKey))!;
        for (var i = 0; i + 1 < info.Length; i += 2)
        {
            if ((string?)info[i] == "max-deleted-entry-id" && StreamId.Parse((string)info[i + 1]!) is var deleted && deleted > trimmed)
            {
                return deleted;
            }
        }

        return trimmed;
    }

    private void Faulted(string fault, Exception ex)
    {
        if (_fault != fault)
        {
            LogReadFailed(ex, fault);
        }

        _fault = fault;
    }

    [LoggerMessage(9001, LogLevel.Information, "Node {Node} joined the event log {Stream}: reading it from its start")]
    private partial void LogJoined(string node, string stream);

    [LoggerMessage(9002, LogLevel.Information, "Node {Node} resumes the event log {Stream} after its last acknowledged entry")]
    private partial void LogResumed(string node, string stream);

    [LoggerMessage(9003, LogLevel.Warning, "{Fault}")]
    private partial void LogReadFailed(Exception exception, string fault);

    [LoggerMessage(9004, LogLevel.Warning, "Entry {EntryId} of {Stream} has no events field; acknowledged without applying")]
    private partial void LogEmptyEntry(string entryId, string stream);

    [LoggerMessage(9005, LogLevel.Error, "Entry {EntryId} of {Stream} is not a JSON array of canonical events; acknowledged without applying")]
    private partial void LogUnreadableEntry(Exception exception, string entryId, string stream);

    [LoggerMessage(9006, LogLevel.Information, "Node {Node} loaded the snapshot up to entry {StreamId} and reads {Stream} on from there")]
    private partial void LogSeeded(string node, string streamId, string stream);

    [LoggerMessage(9008, LogLevel.Error,
        "Entry {EntryId} of {Stream} holds a {Field} that could not be applied on this node; acknowledged without it")]
    private partial void LogChangeFailed(Exception exception, string entryId, string stream, string field);

    [LoggerMessage(9007, LogLevel.Error, "Entry {EntryId} of {Stream} has a {Field} field that cannot be read; acknowledged without applying")]
    private partial void LogUnreadableRecord(Exception exception, string entryId, string stream, string field);
}
