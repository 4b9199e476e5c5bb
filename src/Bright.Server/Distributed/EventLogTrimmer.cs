using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>
/// Keeps the event log from growing without bound: trims the stream (<c>XTRIM MINID</c>) to the oldest entry
/// some node still needs, i.e. the lowest of each consumer group's first unacknowledged entry (or, with none
/// pending, its last delivered one). Done in one Lua script, so a node acknowledging or joining meanwhile cannot
/// slip between reading the positions and trimming. Any node may run it; running it twice is harmless. A node
/// retired for good must have its group removed (<c>XGROUP DESTROY</c>), or the log is kept for it.
/// </summary>
internal sealed partial class EventLogTrimmer(RedisConnection redis, IOptions<RedisOptions> options, TimeProvider clock,
    ILogger<EventLogTrimmer> logger) : BackgroundService
{
    // Ids are "milliseconds-sequence"; each part fits a Lua number (a double) exactly for the next 280 000 years.
    private const string TrimScript = """
        local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
        if #groups == 0 then return false end
        local floorMs, floorSeq = nil, nil
        for _, g in ipairs(groups) do
          local info = {}
          for i = 1, #g, 2 do info[g[i]] = g[i + 1] end
          local position = info['last-delivered-id']
          if tonumber(info['pending']) > 0 then
            position = redis.call('XPENDING', KEYS[1], info['name'])[2]
          end
          local dash = string.find(position, '-', 1, true)
          local ms, seq = tonumber(string.sub(position, 1, dash - 1)), tonumber(string.sub(position, dash + 1))
          if floorMs == nil or ms < floorMs or (ms == floorMs and seq < floorSeq) then floorMs, floorSeq = ms, seq end
        end
        if floorMs == 0 and floorSeq == 0 then return false end
        local floor = string.format('%.0f-%.0f', floorMs, floorSeq)
        local removed = redis.call('XTRIM', KEYS[1], 'MINID', floor)
        return {floor, removed}
        """;

    /// <summary>Trims now; answers the lowest id kept and how many entries went, or null when nothing may go yet.</summary>
    public async Task<(string KeptFrom, long Removed)?> TrimAsync()
    {
        var key = options.Value.StreamKey;
        if (!await redis.Database.KeyExistsAsync(key))
        {
            return null;
        }

        var result = await redis.Database.ScriptEvaluateAsync(TrimScript, [key]);
        if (result.IsNull)
        {
            return null;
        }

        var parts = (RedisResult[])result!;
        return ((string)parts[0]!, (long)parts[1]);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TrimInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (redis.IsConnected && await TrimAsync() is { Removed: > 0 } trimmed)
                {
                    LogTrimmed(trimmed.Removed, options.Value.StreamKey, trimmed.KeptFrom);
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
}
