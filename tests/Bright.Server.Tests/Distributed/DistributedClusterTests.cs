using Bright.Server.Distributed;
using Bright.Server.Jobs;
using Bright.Testing;
using Hangfire;
using Hangfire.Storage;
using StackExchange.Redis;

namespace Bright.Server.Tests.Distributed;

/// <summary>The log's housekeeping, shared job storage, and start-up validation of the distributed settings.</summary>
[TestFixture]
public sealed class DistributedClusterTests
{
    [Test]
    public async Task The_log_is_trimmed_only_behind_the_slowest_node()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        var folderB = TempFolder.Create();
        var b = await Cluster.NodeAsync(redis, folderB);
        using var feed = a.Client(Tokens.Feed);
        await Cluster.PostOkAsync(feed, Cluster.Batch("dist-trim", ["trim-1"]));
        await Cluster.PostOkAsync(feed, Cluster.Batch("dist-trim", ["trim-2"]));
        await Cluster.UntilStoredAsync(b, ["trim-1", "trim-2"], "trim-", "node B applies the first events");
        await b.StopAsync();

        var later = Enumerable.Range(3, 30).Select(i => $"trim-{i}").ToList();
        foreach (var chunk in later.Chunk(10))
        {
            await Cluster.PostOkAsync(feed, Cluster.Batch("dist-trim", chunk));
        }

        await Cluster.UntilStoredAsync(a, later, "trim-", "node A applies the later events");
        using var client = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = client.GetDatabase();
        var groupB = (await db.StreamGroupInfoAsync("bright:events")).Single(g => g.PendingMessageCount == 0 && g.Name != NodeOf(a));
        var entriesBefore = await db.StreamRangeAsync("bright:events");

        var trimmed = await a.Get<EventLogTrimmer>().TrimAsync();
        var kept = await db.StreamRangeAsync("bright:events");

        Assert.That(trimmed?.KeptFrom, Is.EqualTo(groupB.LastDeliveredId), "the stopped node's position is the floor");
        Assert.That(kept.First().Id.ToString(), Is.EqualTo(groupB.LastDeliveredId));
        Assert.That(kept.Select(e => e.Id.ToString()), Is.EqualTo(entriesBefore.SkipWhile(e => e.Id != groupB.LastDeliveredId).Select(e => e.Id.ToString())),
            "everything the stopped node has not acknowledged is kept");
        Assert.That(trimmed?.Removed, Is.EqualTo(entriesBefore.Length - kept.Length).And.GreaterThan(0));

        await using (var restarted = await Cluster.NodeAsync(redis, folderB))
        {
            await Cluster.UntilStoredAsync(restarted, later, "trim-", "the restarted node catches up from its own position");
            await Cluster.UntilAsync(async () => (await db.StreamGroupInfoAsync("bright:events")).All(g => g.PendingMessageCount == 0
                && g.LastDeliveredId == kept.Last().Id.ToString()), "both nodes acknowledge the last entry");
            var again = await a.Get<EventLogTrimmer>().TrimAsync();

            Assert.That(again?.KeptFrom, Is.EqualTo(kept.Last().Id.ToString()));
            Assert.That(await db.StreamLengthAsync("bright:events"), Is.EqualTo(1), "only the last entry, acknowledged by all, is kept");
            Assert.That(await Cluster.StoredAsync(restarted, "trim-"), Has.Count.EqualTo(32).And.Unique);
        }
    }

    [Test]
    public async Task Nodes_share_one_job_storage_and_each_runs_the_jobs_on_its_own_store_from_its_own_queue()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        await using var b = await Cluster.NodeAsync(redis);
        var (idA, idB) = (NodeOf(a), NodeOf(b));

        await Cluster.UntilAsync(() => Task.FromResult(a.Get<JobStorage>().GetMonitoringApi().Servers().Count == 2),
            "node A's job storage lists both nodes' job servers");
        using var connection = b.Get<JobStorage>().GetConnection();
        await Cluster.UntilAsync(() => Task.FromResult(connection.GetRecurringJobs().Select(j => j.Id)
                .Intersect([$"{StoreCheckpointJob.Id}:{idA}", $"{StoreCheckpointJob.Id}:{idB}"]).Count() == 2),
            "both nodes' own recurring jobs are registered in the shared storage");
        var recurring = connection.GetRecurringJobs();
        var servers = a.Get<JobStorage>().GetMonitoringApi().Servers();

        Assert.That(await redis.CommandAsync("EXISTS", "bright:hangfire:recurring-jobs"), Is.EqualTo(":1\r\n"));
        foreach (var (node, id) in new[] { (a, idA), (b, idB) })
        {
            foreach (var job in new[] { StoreCheckpointJob.Id, KpiSpcJob.Id, ForecastRefreshJob.Id, ForecastRetrainJob.Id })
            {
                Assert.That(recurring.Single(r => r.Id == $"{job}:{id}").Job?.Queue, Is.EqualTo(NodeJobs.QueueOf(id)), $"{job} runs on node {id}'s queue");
            }

            Assert.That(servers.Single(s => s.Name.StartsWith($"bright-{id}:", StringComparison.Ordinal)).Queues,
                Is.EqualTo(new[] { NodeJobs.QueueOf(id), NodeJobs.SharedQueue }), "each node serves its own queue, then the shared one");
        }

        Assert.That(recurring.Select(r => r.Id), Has.None.EqualTo(StoreCheckpointJob.Id), "no per-node job is left for whichever node takes it");

        // Node A asks for node B's checkpoint: node B runs it, on its own store.
        var jobId = a.Get<IRecurringJobManagerV2>().TriggerJob($"{StoreCheckpointJob.Id}:{idB}");
        var monitoring = a.Get<JobStorage>().GetMonitoringApi();
        await Cluster.UntilAsync(() => Task.FromResult(monitoring.JobDetails(jobId)?.History.Any(h => h.StateName == "Succeeded") == true),
            "node B's checkpoint runs");
        var processing = monitoring.JobDetails(jobId).History.First(h => h.StateName == "Processing");
        Assert.That(processing.Data["ServerId"], Does.StartWith($"bright-{idB}:"));
    }

    [TestCase("Bright:Redis:Configuration", "127.0.0.1:6379,nonsense=1",
        "Bright:Redis:Configuration is not a Redis configuration such as 'redis1:6379,password=...' (was '127.0.0.1:6379,nonsense=1'): Keyword 'nonsense' is not supported.")]
    [TestCase("Bright:Redis:Configuration", "password=only",
        "Bright:Redis:Configuration is not a Redis configuration such as 'redis1:6379,password=...' (was 'password=only'): it names no host, e.g. localhost:6379")]
    [TestCase("Bright:Redis:EventsPerEntry", "0", "Bright:Redis:EventsPerEntry must be between 1 and 10000 (was 0).")]
    [TestCase("Bright:Redis:SnapshotFolder", "snapshots",
        "Bright:Redis:SnapshotFolder must be an absolute path to a folder shared by every node, e.g. /mnt/bright-snapshots (was 'snapshots').")]
    [TestCase("Bright:Redis:SnapshotInterval", "00:00:30", "Bright:Redis:SnapshotInterval must be at least 00:01:00 (was 00:00:30).")]
    [TestCase("Bright:Redis:RetireAfter", "00:00:00", "Bright:Redis:RetireAfter must be at least 00:00:01 (was 00:00:00).")]
    [TestCase("Bright:Redis:LeaseTime", "00:10:00", "Bright:Redis:LeaseTime must be between 00:00:01 and 00:05:00 (was 00:10:00).")]
    [TestCase("Bright:Node:Id", "ward 7!", "Bright:Node:Id must be 1 to 64 letters, digits, '.', '_' or '-' (was 'ward 7!').")]
    public void A_bad_distributed_setting_stops_start_up_naming_the_key(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (!key.EndsWith("Configuration", StringComparison.Ordinal))
        {
            settings["Bright:Redis:Configuration"] = "127.0.0.1:1";
        }

        var error = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () => await TestServer.StartAsync(settings));

        Assert.That(error!.Message, Does.Contain(message));
    }

    private static string NodeOf(TestServer node) => node.Get<NodeIdentity>().Id;
}
