using System.Linq.Expressions;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace Bright.Server.Jobs;

/// <summary>
/// Where BRIGHT's background jobs run. Most jobs work on the store of the node that runs them (the checkpoint, KPI
/// SPC, forecast refresh and retraining, the export mail outbox), so in the distributed mode, where every node
/// keeps its own replica, each node must run them itself: they go to the node's own Hangfire queue
/// (<c>node_{id}</c>) as recurring jobs named <c>{job}:{node id}</c>. Jobs done once for the whole cluster (the
/// saved queries' scheduled exports) stay on the shared <c>default</c> queue, which every node serves. In the
/// embedded mode there is one node, one queue and the plain job names.
/// </summary>
internal sealed class NodeJobs
{
    public const string SharedQueue = "default";

    /// <summary>The recurring jobs that every node runs on its own store.</summary>
    public static readonly IReadOnlyList<string> PerNode =
        [StoreCheckpointJob.Id, KpiSpcJob.Id, ForecastRefreshJob.Id, ForecastRetrainJob.Id, QueryOutboxJob.Id];

    public NodeJobs(string? nodeId)
    {
        NodeId = nodeId;
        Queue = nodeId is null ? SharedQueue : QueueOf(nodeId);
    }

    /// <summary>The node's id in the distributed mode; null in the embedded mode.</summary>
    public string? NodeId { get; }

    /// <summary>The queue of this node's own jobs.</summary>
    public string Queue { get; }

    /// <summary>The queues this node's Hangfire server takes work from: its own first, then the shared one.</summary>
    public string[] Queues => Queue == SharedQueue ? [SharedQueue] : [Queue, SharedQueue];

    /// <summary>
    /// A node's queue: Hangfire queue names are lower-case letters, digits, '_' and '-', so the node id (letters,
    /// digits, '.', '_', '-') is lower-cased and its dots become underscores.
    /// </summary>
    public static string QueueOf(string nodeId) => "node_" + nodeId.ToLowerInvariant().Replace('.', '_');

    /// <summary>The name of this node's recurring <paramref name="job"/>.</summary>
    public string RecurringId(string job) => NodeId is null ? job : RecurringId(job, NodeId);

    /// <summary>The name of <paramref name="nodeId"/>'s recurring <paramref name="job"/> in the distributed mode.</summary>
    public static string RecurringId(string job, string nodeId) => $"{job}:{nodeId}";

    /// <summary>Queues <paramref name="call"/> to run on this node, on its own store; the job's id.</summary>
    public string Enqueue<T>(IBackgroundJobClient jobs, Expression<Func<T, Task>> call) =>
        jobs.Create(Job.FromExpression(call), new EnqueuedState(Queue));

    /// <summary>Queues <paramref name="call"/> to run on the node <paramref name="nodeId"/>, on its own store; the job's id.</summary>
    public static string EnqueueOn<T>(IBackgroundJobClient jobs, string nodeId, Expression<Func<T, Task>> call) =>
        jobs.Create(Job.FromExpression(call), new EnqueuedState(QueueOf(nodeId)));

    /// <summary>Adds or updates this node's recurring <paramref name="job"/> on its own queue.</summary>
    public void AddOrUpdate<T>(IRecurringJobManager jobs, string job, Expression<Func<T, Task>> call, string cron, TimeZoneInfo? timeZone = null) =>
        jobs.AddOrUpdate(RecurringId(job), Queue, call, cron, new RecurringJobOptions { TimeZone = timeZone ?? TimeZoneInfo.Utc });

    /// <summary>Removes this node's recurring <paramref name="job"/>, if it is registered.</summary>
    public void Remove(IRecurringJobManager jobs, string job) => jobs.RemoveIfExists(RecurringId(job));

    /// <summary>Removes every per-node recurring job of <paramref name="nodeId"/> (a retired node).</summary>
    public static void RemoveNode(IRecurringJobManager jobs, string nodeId)
    {
        foreach (var job in PerNode)
        {
            jobs.RemoveIfExists(RecurringId(job, nodeId));
        }
    }
}
