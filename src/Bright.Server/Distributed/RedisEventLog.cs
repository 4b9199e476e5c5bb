using System.Text.Json;
using Bright.Store.Events;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>
/// The cluster's durable event log: a Redis Stream with one entry per group of up to
/// <see cref="RedisOptions.EventsPerEntry"/> events (a JSON array), so a sender's batch costs a few <c>XADD</c>s,
/// pipelined, rather than one per event. An append is confirmed when Redis has answered every <c>XADD</c>; how
/// durable that is depends on Redis's AOF setting (see the README: <c>appendfsync everysec</c> or <c>always</c>).
/// </summary>
internal sealed class RedisEventLog(RedisConnection redis, IOptions<RedisOptions> options, NodeIdentity node) : IEventLog
{
    public const string EventsField = "events";
    public const string NodeField = "node";

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

    private StoreWriteException Unreachable(Exception? cause)
    {
        var message = $"The event log on Redis ({redis.Endpoints}, Bright:Redis:Configuration) is unreachable or refused the append"
            + (cause is null ? "." : $": {cause.Message}");
        return cause is null ? new StoreWriteException(message) : new StoreWriteException(message, cause);
    }
}
