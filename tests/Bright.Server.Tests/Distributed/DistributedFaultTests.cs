using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Bright.Server.Tests.Live;
using Bright.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Server.Tests.Distributed;

/// <summary>Faults: a node killed outright under load, a node cut off from Redis, Redis killed and restarted. Nothing acknowledged is lost or doubled.</summary>
[TestFixture]
public sealed class DistributedFaultTests
{
    [Test]
    public async Task A_node_killed_during_load_loses_nothing_acknowledged_and_doubles_nothing_on_any_node()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        using var folder = TempFolder.Create();
        var storePath = Path.Combine(folder.Path, "bright.duckdb");
        var settings = new Dictionary<string, string>
        {
            ["Bright:Redis:Configuration"] = redis.Configuration,
            ["Bright:Query:SnapshotInterval"] = "00:00:00.200",
            ["Bright:Auth:LocalTokens:0:Token"] = Tokens.Feed,
            ["Bright:Auth:LocalTokens:0:Role"] = "Feed",
            ["Bright:Auth:LocalTokens:1:Token"] = Tokens.Analyst,
            ["Bright:Auth:LocalTokens:1:Role"] = "Analyst",
        };
        var acknowledged = new ConcurrentBag<string>();
        using (var killed = await ServerProcess.StartAsync(storePath, settings))
        {
            using var client = Cluster.ClientOf(killed.Address, Tokens.Feed);
            using var stop = new CancellationTokenSource();
            var batches = 0;
            var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
            {
                for (var batch = 0; !stop.IsCancellationRequested; batch++)
                {
                    var ids = Enumerable.Range(0, 50).Select(i => $"sig-{sender}-{batch}-{i}").ToList();
                    try
                    {
                        using var response = await Cluster.PostAsync(client, Cluster.Batch("dist-kill", ids));
                        if (response.IsSuccessStatusCode)
                        {
                            ids.ForEach(acknowledged.Add);
                            Interlocked.Increment(ref batches);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();

            await Cluster.UntilAsync(() => Task.FromResult(Volatile.Read(ref batches) >= 40), "40 batches are acknowledged");
            killed.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        using var restarted = await ServerProcess.StartAsync(storePath, settings);
        await Cluster.UntilAsync(async () => (await Cluster.StoredAsync(a, "sig-")).Count >= acknowledged.Count, "node A applies the acknowledged events");
        var storedOnA = await Cluster.StoredAsync(a, "sig-");
        await Cluster.UntilAsync(async () => (await Cluster.QueryIdsAsync(restarted.Address, "sig-")).Count == storedOnA.Count,
            "the restarted node catches up with node A");
        var storedOnRestarted = await Cluster.QueryIdsAsync(restarted.Address, "sig-");

        Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(40 * 50));
        Assert.That(acknowledged.Except(storedOnA), Is.Empty, "every acknowledged event is on node A");
        Assert.That(acknowledged.Except(storedOnRestarted), Is.Empty, "every acknowledged event is on the restarted node");
        Assert.That(storedOnA, Is.Unique);
        Assert.That(storedOnRestarted, Is.Unique.And.EquivalentTo(storedOnA));
    }

    [Test]
    public async Task A_screen_whose_node_is_killed_reconnects_through_the_balancer_to_another_node_and_snapshots_again()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var b = await Cluster.NodeAsync(redis);
        using var folder = TempFolder.Create();
        using var a = await ServerProcess.StartAsync(Path.Combine(folder.Path, "bright.duckdb"), new Dictionary<string, string>
        {
            ["Bright:Redis:Configuration"] = redis.Configuration,
            ["Bright:Auth:LocalTokens:0:Token"] = Tokens.Operational,
            ["Bright:Auth:LocalTokens:0:Role"] = "Operational",
        });
        await using var balancer = RoundRobinProxy.Start(a.Address, b.Address);
        using var feed = b.Client(Tokens.Feed);
        await Cluster.PostOkAsync(feed, Cluster.Batch("dist-failover", ["failover-1"]));

        // What the screen receives, snapshots and deltas, each marked with the connection it came on: 0 the first, 1 after the reconnect.
        var received = Channel.CreateUnbounded<(int Connection, HubMessage Message)>();
        var connection = 0;
        await using var screen = new HubConnectionBuilder()
            .WithUrl(new Uri(balancer.Address, "/hubs/live"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(Tokens.Operational);
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
            })
            .WithAutomaticReconnect([TimeSpan.Zero, .. Enumerable.Repeat(TimeSpan.FromMilliseconds(250), 40)])
            .Build();
        screen.On<string, long, JsonElement>("snapshot", (t, v, d) => received.Writer.TryWrite((Volatile.Read(ref connection), new HubMessage("snapshot", t, v, d))));
        screen.On<string, long, JsonElement>("delta", (t, v, d) => received.Writer.TryWrite((Volatile.Read(ref connection), new HubMessage("delta", t, v, d))));
        screen.Reconnected += async _ =>
        {
            Volatile.Write(ref connection, 1);
            await screen.InvokeAsync("Subscribe", new[] { "ingest" });
        };
        await screen.StartAsync();
        await screen.InvokeAsync("Subscribe", new[] { "ingest" });
        var onA = await UntilShownAsync(received, 0, 1, "node A shows the first event");
        Assert.That(balancer.Requests("GET /hubs/live ").Select(c => c.Backend), Is.EqualTo(new[] { 0 }), "the screen started on node A");

        a.Kill();
        await Cluster.PostOkAsync(feed, Cluster.Batch("dist-failover", ["failover-2"]));

        var onB = await UntilShownAsync(received, 1, 2, "the screen reconnects to node B and shows the event sent after node A died");
        Assert.That(onB[0].Method, Is.EqualTo("snapshot"), "the first message on the new connection is a fresh snapshot");
        Assert.That(balancer.Requests("GET /hubs/live ")[^1].Backend, Is.EqualTo(1), string.Join("\n", balancer.Connections));
        Assert.That((onA[^1].Topic, onB[^1].Topic, screen.State), Is.EqualTo(("ingest", "ingest", HubConnectionState.Connected)));
    }

    /// <summary>The messages on <paramref name="connection"/> up to the first whose ingest row counts <paramref name="accepted"/> events.</summary>
    private static async Task<List<HubMessage>> UntilShownAsync(Channel<(int Connection, HubMessage Message)> received, int connection, long accepted,
        string what)
    {
        var seen = new List<HubMessage>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (seen.Count == 0 || seen[^1].AcceptedFor("dist-failover", "RQ6") != accepted)
            {
                var (on, message) = await received.Reader.ReadAsync(timeout.Token);
                if (on == connection)
                {
                    seen.Add(message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timed out after 30 s waiting until {what} (messages on that connection: {seen.Count}).");
        }

        return seen;
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendJsonAsync(HttpClient client, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Test]
    public async Task A_node_cut_off_from_redis_refuses_sends_and_is_not_ready_while_the_others_carry_on_then_catches_up()
    {
        await using var redis = await RedisProcess.StartAsync();
        // The link between node A and Redis: a proxy with one backend, which the test cuts and heals.
        await using var link = RoundRobinProxy.Start(redis.Address);
        var settings = Cluster.Settings(redis);
        settings["Bright:Redis:Configuration"] = RedisProcess.ConfigurationVia(link.Address.Port);
        await using var a = await TestServer.StartAsync(settings);
        await using var b = await Cluster.NodeAsync(redis);
        using var anonymous = a.Client(null);
        using var feedA = a.Client(Tokens.Feed);
        using var feedB = b.Client(Tokens.Feed);
        await Cluster.UntilAsync(async () => (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
            "node A is ready through the link");
        await Cluster.PostOkAsync(feedA, Cluster.Batch("dist-cut", ["cut-before"]));
        using var analyst = a.Client(Tokens.Analyst);
        var savedQuery = await SendJsonAsync(analyst, HttpMethod.Post, "/api/queries", """{ "name": "Before the cut", "sql": "SELECT 1 AS one" }""");
        Assert.That(savedQuery.Status, Is.EqualTo(HttpStatusCode.Created));
        var queryId = (long)savedQuery.Body!["id"]!;

        link.Cut();
        await Cluster.UntilAsync(async () => (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode
            == HttpStatusCode.ServiceUnavailable, "node A reports not ready while cut off");
        using (var refused = await Cluster.PostAsync(feedA, Cluster.Batch("dist-cut", ["cut-refused"])))
        {
            var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith($"The event log on Redis (127.0.0.1:{link.Address.Port}, Bright:Redis:Configuration) is unreachable"));
        }

        var unsaved = await SendJsonAsync(analyst, HttpMethod.Post, "/api/queries", """{ "name": "While cut off", "sql": "SELECT 1 AS one" }""");
        var unscheduled = await SendJsonAsync(analyst, HttpMethod.Put, $"/api/queries/{queryId}/schedule", """{ "cron": "0 7 * * 1", "format": "csv" }""");
        using var admin = a.Client(Tokens.Administrator);
        var retrain = await SendJsonAsync(admin, HttpMethod.Post, "/api/forecasts/retrain", "{}");
        // The saved query needs the cluster's id sequence, the schedule and the retrain Hangfire's job storage: all on Redis.
        foreach (var (status, problem) in new[] { unsaved, unscheduled, retrain })
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), problem?.ToJsonString());
            Assert.That(problem!["detail"]!.GetValue<string>(), Does.Contain($"(127.0.0.1:{link.Address.Port}, Bright:Redis:Configuration)")
                .And.Contain("once the node is ready (GET /health/ready)."));
        }

        await Cluster.PostOkAsync(feedB, Cluster.Batch("dist-cut", ["cut-during"]));
        await Cluster.UntilStoredAsync(b, ["cut-before", "cut-during"], "cut-", "node B carries on");

        link.Heal();
        await Cluster.UntilAsync(async () => (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
            "node A is ready again once the link heals");
        await Cluster.PostOkAsync(feedA, Cluster.Batch("dist-cut", ["cut-after"]));
        await Cluster.UntilStoredAsync(a, ["cut-before", "cut-during", "cut-after"], "cut-", "node A catches up with what node B took meanwhile");
        await Cluster.UntilStoredAsync(b, ["cut-after"], "cut-", "node B applies what node A took after");
        Assert.That(await Cluster.StoredAsync(a, "cut-"), Is.EquivalentTo(new[] { "cut-before", "cut-during", "cut-after" }), "the refused send stored nothing");
        Assert.That(await Cluster.StoredAsync(b, "cut-"), Is.EquivalentTo(await Cluster.StoredAsync(a, "cut-")));
    }

    [Test]
    public async Task Redis_restarted_during_load_refuses_sends_while_down_and_loses_nothing_acknowledged()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await Cluster.NodeAsync(redis);
        await using var b = await Cluster.NodeAsync(redis);
        using var feedA = a.Client(Tokens.Feed);
        using var feedB = b.Client(Tokens.Feed);
        var load = new ClusterLoad();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
        {
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                await load.SendAsync(sender % 2 == 0 ? feedA : feedB, "dist-restart", [.. Enumerable.Range(0, 20).Select(i => $"restart-{sender}-{batch}-{i}")]);
            }
        })).ToList();

        await load.UntilBatchesAsync(20, "20 batches are acknowledged before the restart");
        redis.Kill();
        await load.UntilRefusedAsync(4, "senders are refused while Redis is down");
        await redis.StartAgainAsync();
        await load.UntilBatchesAsync(load.Batches + 20, "20 more batches are acknowledged after it");
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        var acknowledged = load.Acknowledged;
        await Cluster.UntilAsync(async () => acknowledged.Except(await Cluster.StoredAsync(a, "restart-")).Any() is false, "node A has every acknowledged event");
        await Cluster.UntilAsync(async () => acknowledged.Except(await Cluster.StoredAsync(b, "restart-")).Any() is false, "node B has every acknowledged event");
        Assert.That(load.Unexpected, Is.Empty);
        Assert.That(await Cluster.StoredAsync(a, "restart-"), Is.Unique);
        Assert.That(await Cluster.StoredAsync(b, "restart-"), Is.Unique);
    }
}
