using System.Text.Json;
using System.Threading.Channels;
using Bright.Store.Events;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>
/// Feeds this node's store from the cluster's event log. The node has its own consumer group (named by its
/// <see cref="NodeIdentity"/>), created at the stream's start, so a new node reads the whole log and a restarted
/// one resumes after its last acknowledged entry. Each read is applied through the writer's commit path (which
/// skips ids already stored, so delivering an entry twice changes nothing) and only then acknowledged
/// (<c>XACK</c>): at-least-once delivery, applied exactly once. Observers (live state, ingest monitor) hear
/// the events on apply, so every node's screens converge.
/// </summary>
internal sealed partial class EventLogReader(RedisConnection redis, EventWriter writer, NodeIdentity node, IOptions<RedisOptions> options,
    ILogger<EventLogReader> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(500);
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
                    await EnsureGroupAsync(opts);
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
                // Redis lost the group (restarted without its data): make it again; applying from the start is idempotent.
                groupReady = false;
                Faulted($"This node's consumer group {node.Id} vanished from Redis; re-reading the log from its start.", ex);
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
        var ids = new RedisValue[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            ids[i] = entries[i].Id;
            var json = entries[i][RedisEventLog.EventsField];
            if (json.IsNull)
            {
                // Trimmed away after delivery, or not written by BRIGHT: nothing to apply.
                LogEmptyEntry(entries[i].Id.ToString(), opts.StreamKey);
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
                LogUnreadableEntry(ex, entries[i].Id.ToString(), opts.StreamKey);
            }
        }

        await writer.ApplyAsync(events, stoppingToken);
        await redis.Database.StreamAcknowledgeAsync(opts.StreamKey, node.Id, ids);
        Interlocked.Add(ref _appliedEntries, entries.Length);
    }

    private async Task EnsureGroupAsync(RedisOptions opts)
    {
        try
        {
            await redis.Database.StreamCreateConsumerGroupAsync(opts.StreamKey, node.Id, StreamPosition.Beginning, createStream: true);
            LogJoined(node.Id, opts.StreamKey);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            LogResumed(node.Id, opts.StreamKey);
        }
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
}
