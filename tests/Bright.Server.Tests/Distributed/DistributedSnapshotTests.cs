using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bright.Server.Distributed;
using Bright.Server.Jobs;
using Bright.Server.Tests.Live;
using Bright.Store.Events;
using Bright.Testing;
using Hangfire;
using Hangfire.Storage;
using StackExchange.Redis;

namespace Bright.Server.Tests.Distributed;

/// <summary>Nodes joining after the log was trimmed (seeded from a snapshot), and nodes retired.</summary>
[TestFixture]
public sealed class DistributedSnapshotTests
{
    [Test]
    public async Task A_node_joining_after_the_log_was_trimmed_loads_the_latest_snapshot_and_converges()
    {
        await using var redis = await RedisProcess.StartAsync();
        using var snapshots = TempFolder.Create();
        var settings = Cluster.Settings(redis);
        settings["Bright:Redis:SnapshotFolder"] = snapshots.Path;
        await using var a = await TestServer.StartAsync(settings);
        using var feed = a.Client(Tokens.Feed);
        var early = Enumerable.Range(0, 30).Select(i => $"late-{i}").ToList();
        foreach (var chunk in early.Chunk(10))
        {
            await Cluster.PostOkAsync(feed, Cluster.Batch("dist-late", chunk));
        }

        var refused = Cluster.Event("late-bad", "dist-late");
        refused["kind"] = "Teleport";
        await Cluster.PostOkAsync(feed, new JsonArray(refused).ToJsonString());
        await Cluster.UntilStoredAsync(a, early, "late-", "node A applies the early events");
        var untrimmed = await a.Get<EventLogTrimmer>().TrimAsync();

        using var admin = a.Client(Tokens.Administrator);
        using var feedSettings = new StringContent("""{ "name": "Late lab", "owner": "Late team", "kind": "http", "expectedEvery": "00:10:00" }""",
            System.Text.Encoding.UTF8, "application/json");
        using var registered = await admin.PutAsync(new Uri("/api/feeds/late-lab", UriKind.Relative), feedSettings);
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a feed registered before the snapshot travels in it");
        using var published = await admin.PostAsync(new Uri("/api/cluster/snapshots", UriKind.Relative), null);
        var manifest = JsonNode.Parse(await published.Content.ReadAsStringAsync())!;
        var later = Enumerable.Range(30, 20).Select(i => $"late-{i}").ToList();
        foreach (var chunk in later.Chunk(10))
        {
            await Cluster.PostOkAsync(feed, Cluster.Batch("dist-late", chunk));
        }

        await Cluster.UntilStoredAsync(a, later, "late-", "node A applies the later events");
        var trimmed = await a.Get<EventLogTrimmer>().TrimAsync();
        await using var c = await TestServer.StartAsync(settings);
        await Cluster.UntilStoredAsync(c, [.. early, .. later], "late-", "the late joiner holds every event");

        Assert.That((untrimmed.KeptFrom, untrimmed.Removed), Is.EqualTo(((string?)null, 0L)), "with snapshots on, nothing is trimmed before the first");
        Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(((long?)manifest["events"], (long?)manifest["deadLetters"], (string?)manifest["node"]),
            Is.EqualTo(((long?)30, (long?)1, a.Get<NodeIdentity>().Id)));
        Assert.That(trimmed.KeptFrom, Is.EqualTo((string?)manifest["streamId"]), "the log is kept from the snapshot's entry on");
        Assert.That(trimmed.Removed, Is.GreaterThan(0));
        Assert.That(await Cluster.StoredAsync(c, "late-"), Has.Count.EqualTo(50).And.Unique);
        Assert.That(await ChecksumAsync(c), Is.EqualTo(await ChecksumAsync(a)));
        var letters = (await LiveJson.GetAsync(c, "/api/ingest/dead-letters?source=dist-late", Tokens.Administrator)).AsArray();
        Assert.That(letters.Select(l => (string?)l!["reference"]), Is.EqualTo(new[] { "late-bad" }));
        var lateLab = await LiveJson.GetAsync(c, "/api/feeds/late-lab", Tokens.Administrator);
        Assert.That(((string?)lateLab["owner"], (string?)lateLab["expectedEvery"], (int?)lateLab["revision"]), Is.EqualTo(("Late team", "00:10:00", 1)),
            "the late joiner has the feed registry as of the snapshot");
        Assert.That(c.Get<Bright.Pipelines.Ingestion.FeedCadence>().For("late-lab").ExpectedEvery, Is.EqualTo(TimeSpan.FromMinutes(10)),
            "and monitors the feed with its cadence");
        Assert.That(c.Get<EventLogReader>().Fault, Is.Null);
        using var ready = await c.Client(null).GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_node_behind_a_trimmed_log_without_snapshots_is_not_ready_and_says_how_to_fix_it()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        using var feed = a.Client(Tokens.Feed);
        await Cluster.PostOkAsync(feed, Cluster.Batch("dist-nosnap", ["nosnap-1"]));
        await Cluster.PostOkAsync(feed, Cluster.Batch("dist-nosnap", ["nosnap-2"]));
        await Cluster.UntilStoredAsync(a, ["nosnap-1", "nosnap-2"], "nosnap-", "node A applies its events");
        using var client = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var first = (await client.GetDatabase().StreamRangeAsync("bright:events")).First().Id.ToString();

        var trimmed = await a.Get<EventLogTrimmer>().TrimAsync();
        await using var c = await Cluster.NodeAsync(redis);
        var reader = c.Get<EventLogReader>();
        await Cluster.UntilAsync(() => Task.FromResult(reader.Fault?.StartsWith("The event log", StringComparison.Ordinal) == true),
            "the late joiner reports why it cannot join");
        using var ready = await c.Client(null).GetAsync(new Uri("/health/ready", UriKind.Relative));
        var nodes = await LiveJson.GetAsync(c, "/api/cluster/nodes", Tokens.Administrator);

        Assert.That(trimmed.Removed, Is.EqualTo(1));
        Assert.That((string?)nodes["fault"], Is.EqualTo(reader.Fault), "an administrator can read why");
        Assert.That(reader.Fault, Is.EqualTo(
            $"The event log bright:events has been trimmed up to entry {first}, so node {c.Get<NodeIdentity>().Id} cannot catch up from it, and "
            + "Bright:Redis:SnapshotFolder is not set. Set it on every node to a folder they all share and publish a snapshot from a ready node "
            + "(POST /api/cluster/snapshots), or start this node on a copy of a stopped node's store file with that node's Bright:Node:Id."));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await Cluster.StoredAsync(c, "nosnap-"), Is.Empty, "nothing half-applied");
    }

    [Test]
    public async Task A_node_that_has_not_read_for_RetireAfter_stops_holding_back_trimming_and_can_be_retired()
    {
        await using var redis = await RedisProcess.StartAsync();
        var settings = Cluster.Settings(redis);
        settings["Bright:Redis:RetireAfter"] = "00:00:01";
        await using var a = await TestServer.StartAsync(settings);
        var b = await TestServer.StartAsync(settings);
        var idA = a.Get<NodeIdentity>().Id;
        var idB = b.Get<NodeIdentity>().Id;
        using var feed = a.Client(Tokens.Feed);
        await Cluster.PostOkAsync(feed, Cluster.Batch("dist-retire", ["retire-1"]));
        await Cluster.UntilStoredAsync(b, ["retire-1"], "retire-", "node B applies the first event");
        await b.DisposeAsync();
        await Cluster.PostOkAsync(feed, Cluster.Batch("dist-retire", ["retire-2"]));
        await Cluster.PostOkAsync(feed, Cluster.Batch("dist-retire", ["retire-3"]));
        await Cluster.UntilStoredAsync(a, ["retire-2", "retire-3"], "retire-", "node A applies the later events");
        using var client = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var last = (await client.GetDatabase().StreamRangeAsync("bright:events")).Last().Id.ToString();

        TrimOutcome outcome = new(null, 0, []);
        await Cluster.UntilAsync(async () => (outcome = await a.Get<EventLogTrimmer>().TrimAsync()).PassedOver.Contains(idB),
            "the trimmer passes over the stopped node");
        using var admin = a.Client(Tokens.Administrator);
        var listed = (await LiveJson.GetAsync(a, "/api/cluster/nodes", Tokens.Administrator))["nodes"]!.AsArray();
        using var retired = await admin.DeleteAsync(new Uri($"/api/cluster/nodes/{idB}", UriKind.Relative));
        using var again = await admin.DeleteAsync(new Uri($"/api/cluster/nodes/{idB}", UriKind.Relative));
        using var self = await admin.DeleteAsync(new Uri($"/api/cluster/nodes/{idA}", UriKind.Relative));
        using var byOperational = a.Client(Tokens.Operational);
        using var refused = await byOperational.DeleteAsync(new Uri($"/api/cluster/nodes/{idB}", UriKind.Relative));
        var remaining = (await LiveJson.GetAsync(a, "/api/cluster/nodes", Tokens.Administrator))["nodes"]!.AsArray();

        Assert.That(outcome.PassedOver, Is.EqualTo(new[] { idB }));
        Assert.That(outcome.KeptFrom, Is.EqualTo(last), "only node A's position holds the log back");
        Assert.That(listed.Select(n => ((string?)n!["id"], (bool?)n["self"], (bool?)n["stale"])),
            Is.EquivalentTo(new[] { (idA, (bool?)true, (bool?)false), (idB, (bool?)false, (bool?)true) }));
        Assert.That(retired.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ProblemAsync(again), Is.EqualTo((HttpStatusCode.NotFound,
            $"id: no node '{idB}' reads the event log bright:events; GET /api/cluster/nodes lists them.")));
        Assert.That(await ProblemAsync(self), Is.EqualTo((HttpStatusCode.Conflict,
            $"id: '{idA}' is the node answering this request; stop it, then ask another node to retire it.")));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(remaining.Select(n => (string?)n!["id"]), Is.EqualTo(new[] { idA }));
        using var jobs = a.Get<JobStorage>().GetConnection();
        var recurring = jobs.GetRecurringJobs().Select(j => j.Id).ToList();
        Assert.That(recurring, Has.Member($"{StoreCheckpointJob.Id}:{idA}"));
        Assert.That(recurring.Where(id => id.EndsWith($":{idB}", StringComparison.Ordinal)), Is.Empty,
            "the retired node's own recurring jobs are removed with it");
    }

    [Test]
    public async Task The_cluster_routes_say_there_is_no_cluster_in_the_embedded_mode()
    {
        await using var server = await TestServer.StartAsync();
        using var admin = server.Client(Tokens.Administrator);
        using var nodes = await admin.GetAsync(new Uri("/api/cluster/nodes", UriKind.Relative));
        using var snapshot = await admin.PostAsync(new Uri("/api/cluster/snapshots", UriKind.Relative), null);

        const string Detail = "This BRIGHT runs embedded (Bright:Redis:Configuration is empty), so it has no cluster nodes or snapshots.";
        Assert.That(await ProblemAsync(nodes), Is.EqualTo((HttpStatusCode.NotFound, Detail)));
        Assert.That(await ProblemAsync(snapshot), Is.EqualTo((HttpStatusCode.NotFound, Detail)));
    }

    [Test]
    public async Task A_snapshot_cannot_be_published_without_a_snapshot_folder()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        using var admin = a.Client(Tokens.Administrator);
        using var response = await admin.PostAsync(new Uri("/api/cluster/snapshots", UriKind.Relative), null);

        Assert.That(await ProblemAsync(response), Is.EqualTo((HttpStatusCode.Conflict,
            "Bright:Redis:SnapshotFolder is not set, so this cluster keeps no snapshots; set it on every node to a folder they all share.")));
    }

    private static async Task<(HttpStatusCode, string?)> ProblemAsync(HttpResponseMessage response) =>
        (response.StatusCode, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]);

    /// <summary>Every stored event, field for field, in id order, hashed.</summary>
    private static async Task<string> ChecksumAsync(TestServer node)
    {
        var events = await node.Get<EventReader>().ReadAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1));
        var text = string.Join('\n', events.OrderBy(e => e.EventId, StringComparer.Ordinal).Select(e => JsonSerializer.Serialize(e)));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
