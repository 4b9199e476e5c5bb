using System.Net;
using System.Text.Json.Nodes;
using Bright.Server.Tests.Live;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Server.Tests.Distributed;

/// <summary>Several nodes on one real redis-server: what one node accepts, every node stores and shows.</summary>
[TestFixture]
public sealed class DistributedIngestTests
{
    [Test]
    public async Task An_event_posted_to_one_node_is_stored_and_shown_on_another()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        await using var b = await Cluster.NodeAsync(redis);
        await using var probe = await HubProbe.ConnectAsync(b, Tokens.Operational);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "ingest" });
        await probe.NextAsync();

        using var feed = a.Client(Tokens.Feed);
        var outcome = await Cluster.PostOkAsync(feed, Cluster.Batch("dist-across", ["across-1", "across-2"]));

        Assert.That(outcome["accepted"]!.GetValue<int>(), Is.EqualTo(2));
        await Cluster.UntilStoredAsync(b, ["across-1", "across-2"], "across-", "node B stores what node A accepted");
        var shown = await probe.UntilAsync(m => m.AcceptedFor("dist-across", "RQ6") == 2);
        Assert.That(shown.Last().Method, Is.EqualTo("delta"));
        await Cluster.UntilStoredAsync(a, ["across-1", "across-2"], "across-", "node A stores what it accepted");
        Assert.That(await AcceptedTodayAsync(b, "dist-across"), Is.EqualTo(2));
        Assert.That(await AcceptedTodayAsync(a, "dist-across"), Is.EqualTo(2), "the sending node counts its events once, on apply");
    }

    private static async Task<long> AcceptedTodayAsync(TestServer node, string source)
    {
        using var reader = node.Client(Tokens.Executive);
        var ingest = JsonNode.Parse(await reader.GetStringAsync(new Uri("/api/ingest", UriKind.Relative)))!;
        var row = ingest["rows"]!.AsArray().Single(r => r!["source"]!.GetValue<string>() == source);
        return row!["acceptedToday"]!.GetValue<long>();
    }

    [Test]
    public async Task A_duplicate_posted_to_two_nodes_at_once_is_stored_once_on_each()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        await using var b = await Cluster.NodeAsync(redis);
        using var feedA = a.Client(Tokens.Feed);
        using var feedB = b.Client(Tokens.Feed);
        var body = Cluster.Batch("dist-dup", ["dup-1"]);

        var answers = await Task.WhenAll(Cluster.PostOkAsync(feedA, body), Cluster.PostOkAsync(feedB, body));
        await Cluster.PostOkAsync(feedA, Cluster.Batch("dist-dup", ["dup-marker"]));

        // Each node applies the log in order, so once the later marker is stored the duplicate's entries are applied.
        await Cluster.UntilStoredAsync(a, ["dup-marker"], "dup-", "node A applies the marker");
        await Cluster.UntilStoredAsync(b, ["dup-marker"], "dup-", "node B applies the marker");
        Assert.That(answers.Sum(o => o["accepted"]!.GetValue<int>() + o["duplicates"]!.GetValue<int>()), Is.EqualTo(2));
        Assert.That(await Cluster.StoredAsync(a, "dup-1"), Is.EqualTo(new[] { "dup-1" }));
        Assert.That(await Cluster.StoredAsync(b, "dup-1"), Is.EqualTo(new[] { "dup-1" }));

        var again = await Cluster.PostOkAsync(feedB, body);
        Assert.That((again["accepted"]!.GetValue<int>(), again["duplicates"]!.GetValue<int>()), Is.EqualTo((0, 1)),
            "once applied, a repeat is a duplicate on any node");
    }

    [Test]
    public async Task A_node_that_joins_late_converges_to_the_same_store_and_live_state()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        using var feed = a.Client(Tokens.Feed);
        var ids = new List<string>();
        for (var batch = 0; batch < 5; batch++)
        {
            var batchIds = Enumerable.Range(0, 40).Select(i => $"late-{batch}-{i}").ToList();
            await Cluster.PostOkAsync(feed, Cluster.Batch("dist-late", batchIds));
            ids.AddRange(batchIds);
        }

        await Cluster.UntilStoredAsync(a, ids, "late-", "node A applies its own events");
        await using var b = await Cluster.NodeAsync(redis);
        await Cluster.UntilStoredAsync(b, ids, "late-", "the late node catches up from the log");

        Assert.That(await Cluster.StoredAsync(b, "late-"), Has.Count.EqualTo(ids.Count).And.Unique);
        Assert.That(await OccupiedAsync(b), Is.EqualTo(await OccupiedAsync(a)).And.GreaterThan(0), "both nodes show the same occupied beds");
    }

    [Test]
    public async Task Readiness_fails_and_sends_are_refused_with_503_while_redis_is_down()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        using var anonymous = a.Client(null);
        using var feed = a.Client(Tokens.Feed);
        await Cluster.UntilAsync(async () => (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
            "the node is ready once it has joined the event log");

        redis.Kill();
        await Cluster.UntilAsync(async () => (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode
            == HttpStatusCode.ServiceUnavailable, "readiness reports Redis gone");
        using var refused = await Cluster.PostAsync(feed, Cluster.Batch("dist-down", ["down-1"]));
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith(
            $"The event log on Redis (127.0.0.1:{redis.Port}, Bright:Redis:Configuration) is unreachable or refused the append"));

        await redis.StartAgainAsync();
        await Cluster.UntilAsync(async () => (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
            "readiness recovers once Redis is back");
        await Cluster.PostOkAsync(feed, Cluster.Batch("dist-down", ["down-1"]));
        await Cluster.UntilStoredAsync(a, ["down-1"], "down-", "the retried event is stored");
    }

    private static async Task<int> OccupiedAsync(TestServer node)
    {
        using var client = node.Client(Tokens.Executive);
        var beds = await client.GetStringAsync(new Uri("/api/beds?site=RQ6", UriKind.Relative));
        return System.Text.RegularExpressions.Regex.Count(beds, "\"status\":\"occupied\"");
    }
}
