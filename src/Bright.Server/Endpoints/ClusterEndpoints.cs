using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Server.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bright.Server.Endpoints;

/// <summary>
/// The cluster, for administrators (distributed mode): <c>GET /api/cluster/nodes</c> (why the node answering is
/// not ready, if it is not, and each node reading the log with its position, entries pending and how long since it last read), <c>DELETE /api/cluster/nodes/{id}</c>
/// (retires a node for good: its consumer group is destroyed and no longer holds back trimming, and its own recurring jobs are removed) and
/// <c>POST /api/cluster/snapshots</c> (this node publishes a snapshot of its store now).
/// </summary>
internal static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/cluster/nodes", ListNodesAsync).RequireAuthorization(BrightPolicies.Administer).WithName("ListClusterNodes");
        api.MapDelete("/cluster/nodes/{id}", RetireAsync).RequireAuthorization(BrightPolicies.Administer).WithName("RetireClusterNode");
        api.MapPost("/cluster/snapshots", PublishSnapshotAsync).RequireAuthorization(BrightPolicies.Administer).WithName("PublishClusterSnapshot");
    }

    private static async Task<Results<Ok<ClusterNodes>, ProblemHttpResult>> ListNodesAsync(IServiceProvider services)
    {
        if (Cluster(services) is not { } cluster)
        {
            return Embedded();
        }

        var (redis, node, opts) = cluster;
        var db = redis.Database;
        var nodes = new List<ClusterNode>();
        if (await db.KeyExistsAsync(opts.StreamKey))
        {
            foreach (var group in await db.StreamGroupInfoAsync(opts.StreamKey))
            {
                var consumers = await db.StreamConsumerInfoAsync(opts.StreamKey, group.Name);
                long? idle = consumers.Length == 0 ? null : consumers.Min(c => c.IdleTimeInMilliseconds);
                nodes.Add(new ClusterNode(group.Name, group.LastDeliveredId ?? "0-0", group.PendingMessageCount, idle, group.Name == node.Id,
                    idle is { } ms && ms > opts.RetireAfter.TotalMilliseconds));
            }
        }

        var snapshot = services.GetRequiredService<ClusterSnapshots>().Latest()?.Manifest;
        return TypedResults.Ok(new ClusterNodes(node.Id, opts.StreamKey, services.GetRequiredService<EventLogReader>().Fault, [.. nodes.OrderBy(n => n.Id, StringComparer.Ordinal)], snapshot));
    }

    private static async Task<Results<Ok<RetiredNode>, ProblemHttpResult>> RetireAsync(string id, IServiceProvider services)
    {
        if (Cluster(services) is not { } cluster)
        {
            return Embedded();
        }

        var (redis, node, opts) = cluster;
        if (id == node.Id)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A node cannot retire itself",
                detail: $"id: '{id}' is the node answering this request; stop it, then ask another node to retire it.");
        }

        var db = redis.Database;
        var known = await db.KeyExistsAsync(opts.StreamKey) && (await db.StreamGroupInfoAsync(opts.StreamKey)).Any(g => g.Name == id);
        if (!known || !(bool)await db.ExecuteAsync("XGROUP", "DESTROY", opts.StreamKey, id))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such node",
                detail: $"id: no node '{id}' reads the event log {opts.StreamKey}; GET /api/cluster/nodes lists them.");
        }

        // Its own recurring jobs would otherwise be queued every hour for a queue that nobody serves.
        NodeJobs.RemoveNode(services.GetRequiredService<IRecurringJobManager>(), id);
        return TypedResults.Ok(new RetiredNode(id, opts.StreamKey));
    }

    private static async Task<Results<Ok<SnapshotManifest>, ProblemHttpResult>> PublishSnapshotAsync(IServiceProvider services,
        CancellationToken cancellationToken)
    {
        if (Cluster(services) is null)
        {
            return Embedded();
        }

        try
        {
            return TypedResults.Ok(await services.GetRequiredService<ClusterSnapshots>().PublishAsync(cancellationToken));
        }
        catch (SnapshotUnavailableException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No snapshot can be published", detail: ex.Message);
        }
    }

    private static (RedisConnection Redis, NodeIdentity Node, RedisOptions Options)? Cluster(IServiceProvider services) =>
        services.GetService<RedisConnection>() is { } redis
            ? (redis, services.GetRequiredService<NodeIdentity>(), services.GetRequiredService<IOptions<RedisOptions>>().Value)
            : null;

    private static ProblemHttpResult Embedded() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not a cluster",
        detail: $"This BRIGHT runs embedded ({RedisOptions.Section}:Configuration is empty), so it has no cluster nodes or snapshots.");
}

/// <summary>The nodes reading the log, as <c>GET /api/cluster/nodes</c> answers; <see cref="Fault"/>: why the node answering is not keeping up, if it is not.</summary>
internal sealed record ClusterNodes(string Node, string Stream, string? Fault, IReadOnlyList<ClusterNode> Nodes, SnapshotManifest? LatestSnapshot);

/// <summary>One node's consumer group: its position, entries read but not applied, milliseconds since it last read, and whether it is passed over by trimming.</summary>
internal sealed record ClusterNode(string Id, string LastDeliveredId, long Pending, long? IdleMs, bool Self, bool Stale);

/// <summary>The answer to a retirement.</summary>
internal sealed record RetiredNode(string Retired, string Stream);
