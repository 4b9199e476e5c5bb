using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>
/// Cluster-wide leases on Redis, for work exactly one node may do at a time (the demo simulator): a key set only
/// if absent, holding the node's id and expiring after <c>Bright:Redis:LeaseTime</c> unless its holder renews it
/// (every third of that). A holder that dies stops renewing, the key expires, and a waiting node takes over. A
/// holder that cannot renew in time (cut off from Redis) is told to stop, since another node may take over.
/// </summary>
internal sealed partial class ClusterLeases(RedisConnection redis, NodeIdentity node, IOptions<RedisOptions> options, TimeProvider clock,
    ILogger<ClusterLeases> logger)
{
    // Renews only a lease still ours; a key set by someone else (ours expired meanwhile) is left alone.
    private const string RenewScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    /// <summary>The node holding lease <paramref name="name"/>, or null when nobody does.</summary>
    public async Task<string?> HolderAsync(string name) => await redis.Database.StringGetAsync(options.Value.LeaseKey(name));

    /// <summary>Waits until this node holds lease <paramref name="name"/>; dispose the answer to give it up.</summary>
    public async Task<HeldLease> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var opts = options.Value;
        var key = opts.LeaseKey(name);
        while (true)
        {
            try
            {
                // Ours already: this node restarted (same id) before its old lease expired.
                if (await redis.Database.StringSetAsync(key, node.Id, opts.LeaseTime, When.NotExists)
                    || (string?)await redis.Database.StringGetAsync(key) == node.Id)
                {
                    LogAcquired(node.Id, name);
                    return new HeldLease(this, name, key, clock.GetUtcNow());
                }
            }
            catch (RedisException ex)
            {
                LogUnreachable(ex, name);
            }

            await Task.Delay(opts.LeaseTime / 3, clock, cancellationToken);
        }
    }

    private TimeSpan LeaseTime => options.Value.LeaseTime;

    private TimeProvider Clock => clock;

    private string NodeId => node.Id;

    private async Task<bool> RenewOnceAsync(string key) =>
        (long)await redis.Database.ScriptEvaluateAsync(RenewScript, [key], [node.Id, (long)options.Value.LeaseTime.TotalMilliseconds]) == 1;

    private Task<RedisResult> ReleaseOnceAsync(string key) => redis.Database.ScriptEvaluateAsync(ReleaseScript, [key], [node.Id]);

    /// <summary>A lease this node holds; <see cref="Lost"/> fires when it could not be renewed in time.</summary>
    internal sealed class HeldLease : IAsyncDisposable
    {
        private readonly ClusterLeases _owner;
        private readonly string _name;
        private readonly string _key;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public HeldLease(ClusterLeases owner, string name, string key, DateTimeOffset acquiredAt)
        {
            _owner = owner;
            _name = name;
            _key = key;
            _renewal = RenewAsync(acquiredAt);
        }

        public CancellationToken Lost => _lost.Token;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            if (!_lost.IsCancellationRequested)
            {
                try
                {
                    await _owner.ReleaseOnceAsync(_key);
                }
                catch (RedisException ex)
                {
                    // It expires by itself.
                    _owner.LogUnreachable(ex, _name);
                }
            }

            _stop.Dispose();
            _lost.Dispose();
        }

        private async Task RenewAsync(DateTimeOffset renewedAt)
        {
            var leaseTime = _owner.LeaseTime;
            var clock = _owner.Clock;
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(leaseTime / 3, clock, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                try
                {
                    if (await _owner.RenewOnceAsync(_key))
                    {
                        renewedAt = clock.GetUtcNow();
                        continue;
                    }

                    _owner.LogTakenOver(_owner.NodeId, _name);
                }
                catch (RedisException ex)
                {
                    if (clock.GetUtcNow() - renewedAt < leaseTime)
                    {
                        continue;
                    }

                    _owner.LogUnreachable(ex, _name);
                }

                await _lost.CancelAsync();
                return;
            }
        }
    }

    [LoggerMessage(9031, LogLevel.Information, "Node {Node} holds the cluster's {Lease} lease")]
    private partial void LogAcquired(string node, string lease);

    [LoggerMessage(9032, LogLevel.Warning, "Node {Node} lost the cluster's {Lease} lease to another node and stops its work")]
    private partial void LogTakenOver(string node, string lease);

    [LoggerMessage(9033, LogLevel.Warning, "The cluster's {Lease} lease cannot be taken, renewed or given up: Redis is unreachable")]
    private partial void LogUnreachable(Exception exception, string lease);
}
