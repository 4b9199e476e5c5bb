using System.Text.Json;
using System.Threading.Channels;
using Bright.Server.Tests.Live;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Server.Tests.Distributed;

/// <summary>
/// The whole story on three BRIGHT nodes, each a real child process with its own store, and one real redis-server:
/// senders load two nodes while a screen watches the third; one loaded node is killed outright and its senders move on,
/// as a load balancer would move them; Redis is killed and restarted under the load; then a fourth node joins late.
/// Every acknowledged event is stored exactly once on every surviving node and on the late joiner, and the screen
/// shows the count its node stored.
/// </summary>
[TestFixture]
public sealed class DistributedThreeNodeTests
{
    private const string Source = "dist-three";
    private const string Prefix = "three-";

    [Test]
    public async Task Three_nodes_under_load_lose_nothing_acknowledged_through_a_node_kill_and_a_redis_restart_and_a_late_joiner_converges()
    {
        await using var redis = await RedisProcess.StartAsync();
        using var folder = TempFolder.Create();
        var settings = Settings(redis);
        using var a = await ServerProcess.StartAsync(Path.Combine(folder.Path, "a.duckdb"), settings);
        using var b = await ServerProcess.StartAsync(Path.Combine(folder.Path, "b.duckdb"), settings);
        using var c = await ServerProcess.StartAsync(Path.Combine(folder.Path, "c.duckdb"), settings);

        var shown = Channel.CreateUnbounded<HubMessage>();
        await using var screen = new HubConnectionBuilder()
            .WithUrl(new Uri(c.Address, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(Tokens.Operational))
            .Build();
        screen.On<string, long, JsonElement>("snapshot", (t, v, d) => shown.Writer.TryWrite(new HubMessage("snapshot", t, v, d)));
        screen.On<string, long, JsonElement>("delta", (t, v, d) => shown.Writer.TryWrite(new HubMessage("delta", t, v, d)));
        await screen.StartAsync();
        await screen.InvokeAsync("Subscribe", new[] { "ingest" });

        var load = new ClusterLoad();
        using var stop = new CancellationTokenSource();
        using var toA = Cluster.ClientOf(a.Address, Tokens.Feed);
        using var toB = Cluster.ClientOf(b.Address, Tokens.Feed);
        using var toC = Cluster.ClientOf(c.Address, Tokens.Feed);
        var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
        {
            // Senders 0 and 1 start on node A and move to node C when A stops answering; 2 and 3 send to node B.
            var client = sender < 2 ? toA : toB;
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                try
                {
                    await load.SendAsync(client, Source, [.. Enumerable.Range(0, 25).Select(i => $"three-{sender}-{batch}-{i}")]);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && client == toA)
                {
                    client = toC; // node A is gone: never acknowledged, so the batch is sent again elsewhere under new ids
                }
            }
        })).ToList();

        await load.UntilBatchesAsync(20, "20 batches are acknowledged by nodes A and B");
        a.Kill();
        await load.UntilBatchesAsync(load.Batches + 10, "10 more batches are acknowledged after node A is killed");
        redis.Kill();
        await load.UntilRefusedAsync(4, "senders are refused while Redis is down");
        await redis.StartAgainAsync();
        await load.UntilBatchesAsync(load.Batches + 10, "10 more batches are acknowledged after Redis restarts");
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        var expected = load.Acknowledged.ToHashSet();
        await UntilHoldsAsync(b.Address, expected, "node B has every acknowledged event");
        await UntilHoldsAsync(c.Address, expected, "node C has every acknowledged event");
        var onB = await Cluster.QueryIdsAsync(b.Address, Prefix);
        var onC = await Cluster.QueryIdsAsync(c.Address, Prefix);
        Assert.That(load.Unexpected, Is.Empty);
        Assert.That(expected, Has.Count.GreaterThanOrEqualTo(40 * 25), "40 batches of 25 were acknowledged at the least");
        Assert.That(onB, Is.Unique, "nothing doubled on node B");
        Assert.That(onC, Is.Unique.And.EquivalentTo(onB), "nodes B and C hold the same events, each once");
        var latest = await UntilShownAsync(shown, onC.Count);
        Assert.That(latest.AcceptedFor(Source, "RQ6"), Is.EqualTo(onC.Count), "the screen on node C shows what node C stored");

        using var d = await ServerProcess.StartAsync(Path.Combine(folder.Path, "d.duckdb"), settings);
        await UntilHoldsAsync(d.Address, onC.ToHashSet(), "the late joiner catches up");
        Assert.That(await Cluster.QueryIdsAsync(d.Address, Prefix), Is.Unique.And.EquivalentTo(onC), "the late joiner converges to the same events");
    }

    private static Dictionary<string, string> Settings(RedisProcess redis) => new()
    {
        ["Bright:Redis:Configuration"] = redis.Configuration,
        ["Bright:Redis:TrimInterval"] = "01:00:00",
        ["Bright:Query:SnapshotInterval"] = "00:00:00.200",
        ["Bright:Auth:LocalTokens:0:Token"] = Tokens.Feed,
        ["Bright:Auth:LocalTokens:0:Role"] = "Feed",
        ["Bright:Auth:LocalTokens:1:Token"] = Tokens.Analyst,
        ["Bright:Auth:LocalTokens:1:Role"] = "Analyst",
        ["Bright:Auth:LocalTokens:2:Token"] = Tokens.Operational,
        ["Bright:Auth:LocalTokens:2:Role"] = "Operational",
    };

    private static Task UntilHoldsAsync(Uri node, HashSet<string> ids, string what) =>
        Cluster.UntilAsync(async () => ids.IsSubsetOf(await Cluster.QueryIdsAsync(node, Prefix)), what);

    private static async Task<HubMessage> UntilShownAsync(Channel<HubMessage> shown, long count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HubMessage? last = null;
        try
        {
            while (last is null || last.AcceptedFor(Source, "RQ6") < count)
            {
                var message = await shown.Reader.ReadAsync(timeout.Token);
                last = message.AcceptedFor(Source, "RQ6") > 0 ? message : last;
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timed out after 30 s waiting until the screen shows {count} events (last shown: {last?.AcceptedFor(Source, "RQ6")}).");
        }

        return last!;
    }
}
