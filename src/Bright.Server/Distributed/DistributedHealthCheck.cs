using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bright.Server.Distributed;

/// <summary>
/// Distributed mode's part of readiness: Redis reachable (else this node acknowledges nothing) and the node
/// reading the event log into its store.
/// </summary>
internal sealed class DistributedHealthCheck(RedisConnection redis, EventLogReader reader, NodeIdentity node) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"Redis ({redis.Endpoints}, Bright:Redis:Configuration) is unreachable: this node acknowledges no events until it is back."));
        }

        if (reader.Fault is { } fault)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(fault));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"Node {node.Id} is reading the event log; {reader.AppliedEntries} entries applied since start."));
    }
}
