using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Benchmarks;

/// <summary>
/// Distributed mode on a real redis-server (AOF on, everysec): HTTP ingest in events/s from four senders, and
/// event-to-screen latency (from the sending node's answer until each screen's <c>beds:RQ6</c> delta shows the
/// change), for one node against three nodes with the senders and screens spread over them. The reference is
/// the one-node figure of the same run.
/// </summary>
internal static class DistributedBenchmarks
{
    /// <param name="events">Events posted for the ingest figure (in 500-event batches).</param>
    /// <param name="screensPerNode">Hub clients subscribed on each node.</param>
    /// <param name="bedChanges">At most 30: each blocks one of ward W1's beds at RQ6.</param>
    public static async Task RunAsync(int events, int screensPerNode, int bedChanges)
    {
        bedChanges = Math.Min(bedChanges, 30);
        await using var redis = await RedisProcess.StartAsync();
        var one = await MeasureAsync(redis, 1, events, screensPerNode, bedChanges, "one");
        var three = await MeasureAsync(redis, 3, events, screensPerNode, bedChanges, "three");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"distributed: ingest 1 node {one.EventsPerSecond:N0} ev/s, 3 nodes {three.EventsPerSecond:N0} ev/s (ratio {three.EventsPerSecond / one.EventsPerSecond:F2}); "
            + $"event-to-screen p99 1 node {one.P99Ms:F0} ms ({one.Delivered}), 3 nodes {three.P99Ms:F0} ms ({three.Delivered}) "
            + $"(ratio {three.P99Ms / one.P99Ms:F2}; publish interval 250 ms)"));
    }

    private static async Task<(double EventsPerSecond, double P99Ms, string Delivered)> MeasureAsync(RedisProcess redis, int nodeCount, int events,
        int screensPerNode, int bedChanges, string run)
    {
        var nodes = new List<TestServer>();
        var screens = new List<HubConnection>();
        try
        {
            for (var n = 0; n < nodeCount; n++)
            {
                // Each run has its own stream, so the second run's nodes do not first read the first run's events.
                nodes.Add(await TestServer.StartAsync(new Dictionary<string, string?>
                {
                    ["Bright:Redis:Configuration"] = redis.Configuration,
                    ["Bright:Redis:StreamKey"] = "bright:bench:" + run,
                }));
            }

            // Ingest: four senders, each posting 500-event batches to its own node in turn.
            var clients = nodes.Select(n => n.Client(Tokens.Feed)).ToList();
            // Now, as live feeds send: the live state shows the present, not history.
            var at = TimeProvider.System.GetUtcNow();
            var batches = events / 500;
            var next = -1;
            foreach (var (client, c) in clients.Select((client, c) => (client, c)))
            {
                // Warm each node's path (JIT, first appends) outside the measurement.
                var warm = EventJson.Array(EventJson.Admission(string.Create(CultureInfo.InvariantCulture, $"bench-warm-{run}-{c}"), at, location: "RQ6/W2/B02"));
                using var content = new StringContent(warm, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
                response.EnsureSuccessStatusCode();
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
            {
                int batch;
                while ((batch = Interlocked.Increment(ref next)) < batches)
                {
                    var body = new JsonArray([.. Enumerable.Range(0, 500).Select(i => (JsonNode)EventJson.Admission(
                        string.Create(CultureInfo.InvariantCulture, $"bench-{run}-{batch}-{i}"), at.AddMilliseconds(-i), location: "RQ6/W2/B01"))])
                        .ToJsonString();
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await clients[batch % clients.Count].PostAsync(new Uri("/api/events", UriKind.Relative), content);
                    response.EnsureSuccessStatusCode();
                }
            })));
            var rate = batches * 500 / clock.Elapsed.TotalSeconds;

            // Event to screen: screens on every node, bed changes posted to the nodes in turn.
            var received = new ConcurrentDictionary<(int Screen, string Bed), long>();
            foreach (var (node, n) in nodes.Select((node, n) => (node, n)))
            {
                for (var s = 0; s < screensPerNode; s++)
                {
                    var screen = n * screensPerNode + s;
                    var connection = new HubConnectionBuilder()
                        .WithUrl(new Uri(node.Address, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(Tokens.Operational))
                        .Build();
                    connection.On<string, long, JsonElement>("delta", (_, _, data) => Record(received, screen, data));
                    await connection.StartAsync();
                    await connection.InvokeAsync("Subscribe", new[] { "beds:RQ6" });
                    screens.Add(connection);
                }
            }

            var sent = new Dictionary<string, long>();
            for (var i = 0; i < bedChanges; i++)
            {
                var bed = string.Create(CultureInfo.InvariantCulture, $"B{i + 1:00}");
                var e = new JsonObject
                {
                    ["eventId"] = string.Create(CultureInfo.InvariantCulture, $"bench-push-{run}-{i}"),
                    ["occurredAt"] = at.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture),
                    ["site"] = "RQ6",
                    ["kind"] = "BedStatusChanged",
                    ["location"] = "RQ6/W1/" + bed,
                    ["code"] = "blocked",
                };
                using var content = new StringContent(new JsonArray(e).ToJsonString(), Encoding.UTF8, "application/json");
                using var response = await clients[i % clients.Count].PostAsync(new Uri("/api/events", UriKind.Relative), content);
                response.EnsureSuccessStatusCode();
                sent[bed] = Stopwatch.GetTimestamp();
                await Task.Delay(37);
            }

            await Task.Delay(1500);
            var latencies = received.Where(r => sent.ContainsKey(r.Key.Bed))
                .Select(r => Stopwatch.GetElapsedTime(sent[r.Key.Bed], r.Value).TotalMilliseconds).Order().ToArray();
            var p99 = latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(0.99 * latencies.Length) - 1)];
            clients.ForEach(c => c.Dispose());
            return (rate, p99, string.Create(CultureInfo.InvariantCulture, $"{latencies.Length}/{screens.Count * sent.Count} delivered"));
        }
        finally
        {
            foreach (var screen in screens)
            {
                await screen.DisposeAsync();
            }

            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static void Record(ConcurrentDictionary<(int, string), long> received, int screen, JsonElement data)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var ward in data.GetProperty("wards").EnumerateArray().Where(w => w.GetProperty("code").GetString() == "W1"))
        {
            foreach (var bed in ward.GetProperty("beds").EnumerateArray())
            {
                var code = bed.GetProperty("code").GetString()!;
                if (bed.GetProperty("status").GetString() == "blocked")
                {
                    received.TryAdd((screen, code), now);
                }
            }
        }
    }
}
