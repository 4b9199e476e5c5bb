using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>
/// Keeps the event log from growing without bound: trims the stream (<c>XTRIM MINID</c>) to the oldest entry
/// some node still needs, i.e. the lowest of each consumer group's first unacknowledged entry (or, with none
/// pending, its last delivered one). With snapshots (<c>Bright:Redis:SnapshotFolder</c>) it never trims past the
/// latest snapshot's id, so that snapshot and the log after it make the whole history for a node joining later;
/// with the folder set and no snapshot yet, nothing is trimmed. A group none of whose consumers has read for
/// <c>Bright:Redis:RetireAfter</c> is passed over (a node gone for good, reported as a warning); if that node
/// comes back it reseeds from a snapshot. Done in one Lua script, so a node acknowledging or joining meanwhile
/// cannot slip between reading the positions and trimming. Any node may run it; running it twice is harmless.
/// </summary>
internal sealed partial class EventLogTrimmer(RedisConnection redis, IOptions<RedisOptions> options, TimeProvider clock,
    ILogger<EventLogTrimmer> logger) : BackgroundService
{
    // Ids are "milliseconds-sequence"; each part fits a Lua number (a double) exactly for the next 280 000 years.
    // ARGV[1]: 'cap' to trim no further than the id in KEYS[2] (no trim without it); ARGV[2]: idle ms after which
    // a group is passed over. KEYS[3] keeps the newest id trimmed, for nodes deciding whether they missed entries. Answers { kept-from or '', removed, passed-over group names... }.
    private const string TrimScript = """
        local function parse(id) local d = string.find(id, '-', 1, true) return tonumber(string.sub(id, 1, d - 1)), tonumber(string.sub(id, d + 1)) end
        local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
        local retireMs = tonumber(ARGV[2])
        local stale = {}
        local floorMs, floorSeq = nil, nil
        for _, g in ipairs(groups) do
          local info = {}
          for i = 1, #g, 2 do info[g[i]] = g[i + 1] end
          local idle = nil
          for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], info['name'])) do
            for i = 1, #c, 2 do
              if c[i] == 'idle' and (idle == nil or c[i + 1] < idle) then idle = c[i + 1] end
            end
          end
          if idle ~= nil and idle > retireMs then
            table.insert(stale, info['name'])
          else
            local position = info['last-delivered-id']
            if tonumber(info['pending']) > 0 then
              position = redis.call('XPENDING', KEYS[1], info['name'])[2]
            end
            local ms, seq = parse(position)
            if floorMs == nil or ms < floorMs or (ms == floorMs and seq < floorSeq) then floorMs, floorSeq = ms, seq end
          end
        end
        local result = {'', 0}
        for _, name in ipairs(stale) do table.insert(result, name) end
        if ARGV[1] == 'cap' then
          local snapshot = redis.call('GET', KEYS[2])
          if not snapshot then return result end
          local ms, seq = parse(snapshot)
          if floorMs == nil or ms < floorMs or (ms == floorMs and seq < floorSeq) then floorMs, floorSeq = ms, seq end
        end
        if floorMs == nil or (floorMs == 0 and floorSeq == 0) then return result end
        local floor = string.format('%.0f-%.0f', floorMs, floorSeq)
        result[1] = floor
        local gone = redis.call('XREVRANGE', KEYS[1], '(' .. floor, '-', 'COUNT', 1)
        result[2] = redis.call('XTRIM', KEYS[1], 'MINID', floor)
        if #gone > 0 then
          local before = redis.call('GET', KEYS[3])
          local gm, gs = parse(gone[1][1])
          local keep = true
          if before then
            local bm, bs = parse(before)
            keep = gm > bm or (gm == bm and gs > bs)
          end
          if keep then redis.call('SET', KEYS[3], gone[1][1]) end
        end
        return result
        """;

    /// <summary>
    /// Trims now; answers the lowest id kept (null when nothing may go yet), how many entries went, and the groups
    /// passed over for not having read within <c>Bright:Redis:RetireAfter</c>.
    /// </summary>
    public async Task<TrimOutcome> TrimAsync()
    {
        var opts = options.Value;
        if (!await redis.Database.KeyExistsAsync(opts.StreamKey))
        {
            return new TrimOutcome(null, 0, []);
        }

        var parts = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(TrimScript, [opts.StreamKey, opts.SnapshotKey, opts.TrimmedKey],
            [opts.SnapshotFolder.Length > 0 ? "cap" : "", (long)opts.RetireAfter.TotalMilliseconds]))!;
        var keptFrom = (string)parts[0]!;
        return new TrimOutcome(keptFrom.Length == 0 ? null : keptFrom, (long)parts[1], [.. parts.Skip(2).Select(p => (string)p!)]);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TrimInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (redis.IsConnected)
                {
                    var trimmed = await TrimAsync();
                    foreach (var group in trimmed.PassedOver)
                    {
                        LogPassedOver(group, options.Value.StreamKey, options.Value.RetireAfter);
                    }

                    if (trimmed.Removed > 0)
                    {
                        LogTrimmed(trimmed.Removed, options.Value.StreamKey, trimmed.KeptFrom!);
                    }
                }
            }
            catch (RedisException ex)
            {
                // Trimming is housekeeping: the next tick tries again, and the log only grows meanwhile.
                LogTrimFailed(ex, options.Value.StreamKey);
            }
        }
    }

    [LoggerMessage(9011, LogLevel.Information, "Trimmed {Removed} entries from {Stream}; every node has acknowledged them (kept from {KeptFrom})")]
    private partial void LogTrimmed(long removed, string stream, string keptFrom);

    [LoggerMessage(9012, LogLevel.Warning, "Trimming {Stream} failed; it is tried again at the next interval")]
    private partial void LogTrimFailed(Exception exception, string stream);

    [LoggerMessage(9013, LogLevel.Warning,
        "Node {Group} has not read {Stream} for over {RetireAfter} (Bright:Redis:RetireAfter) and no longer holds back its trimming; if it is gone for good, retire it: DELETE /api/cluster/nodes/{Group}")]
    private partial void LogPassedOver(string group, string stream, TimeSpan retireAfter);
}

/// <summary>What one trim did.</summary>
/// <param name="KeptFrom">The lowest entry id kept; null when nothing could be trimmed.</param>
/// <param name="Removed">Entries removed.</param>
/// <param name="PassedOver">Nodes whose groups did not hold the trim back, having not read for <c>Bright:Redis:RetireAfter</c>.</param>
internal sealed record TrimOutcome(string? KeptFrom, long Removed, IReadOnlyList<string> PassedOver);
