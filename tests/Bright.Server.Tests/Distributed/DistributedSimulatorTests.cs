using Bright.Testing;
using StackExchange.Redis;

namespace Bright.Server.Tests.Distributed;

/// <summary>One demo simulator per cluster, on whichever node holds the lease; another takes over when it dies.</summary>
[TestFixture]
public sealed class DistributedSimulatorTests
{
    private const string LeaseKey = "bright:events:lease:simulator";

    [Test]
    public async Task Only_the_lease_holder_simulates_and_another_node_takes_over_when_it_is_killed()
    {
        await using var redis = await RedisProcess.StartAsync();
        using var folderA = TempFolder.Create();
        using var folderB = TempFolder.Create();
        using var a = await ServerProcess.StartAsync(Path.Combine(folderA.Path, "bright.duckdb"), Settings(redis, "sim-a"));
        using var b = await ServerProcess.StartAsync(Path.Combine(folderB.Path, "bright.duckdb"), Settings(redis, "sim-b"));
        using var client = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = client.GetDatabase();

        string? holder = null;
        await Cluster.UntilAsync(async () => (holder = await db.StringGetAsync(LeaseKey)) is not null, "a node takes the simulator's lease");
        await Cluster.UntilAsync(async () => (await WritersAsync(db, "-")).Contains(holder!), "the holder's simulator appends events");
        var other = holder == "sim-a" ? "sim-b" : "sim-a";
        var before = await WritersAsync(db, "-");

        (holder == "sim-a" ? a : b).Kill();
        // Dead, the old holder appends nothing more: its last entry divides before from after.
        var lastBefore = (await db.StreamRangeAsync("bright:events", "-", "+", messageOrder: Order.Descending))
            .First(e => e["node"] == holder).Id.ToString();
        await Cluster.UntilAsync(async () => await db.StringGetAsync(LeaseKey) == other, "the other node takes the lease once it expires");
        await Cluster.UntilAsync(async () => (await WritersAsync(db, "(" + lastBefore)).Contains(other), "the other node's simulator appends events");

        Assert.That(before, Is.EqualTo(new[] { holder }), "while the holder lives, only it simulates");
        Assert.That(await WritersAsync(db, "(" + lastBefore), Is.EqualTo(new[] { other }), "after the kill, only the new holder simulates");
    }

    private static Dictionary<string, string> Settings(RedisProcess redis, string node) => new()
    {
        ["Bright:Redis:Configuration"] = redis.Configuration,
        ["Bright:Redis:LeaseTime"] = "00:00:02",
        ["Bright:Node:Id"] = node,
        ["Bright:Simulator:Enabled"] = "true",
        ["Bright:Simulator:History"] = "01:00:00",
        ["Bright:Simulator:SpeedFactor"] = "120",
    };

    /// <summary>The nodes that appended entries from <paramref name="from"/> on, each once.</summary>
    private static async Task<string[]> WritersAsync(IDatabase db, string from) =>
        [.. (await db.StreamRangeAsync("bright:events", from, "+")).Select(e => (string)e["node"]!).Distinct().Order(StringComparer.Ordinal)];
}
