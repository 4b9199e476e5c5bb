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
/// Distributed mode on a real redis-server (AOF on, everysec) with every node a real child process (<c>dotnet
/// bright.dll</c>): HTTP ingest in events/s from four senders (acknowledged, that is in the log, and then applied on
/// every node), and event-to-screen latency (from the sending node's answer until each screen's <c>beds:RQ6</c> delta
/// shows the change), for one node against three nodes with the senders and screens spread over them. The reference
/// is the one-node figure of the same run.
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
            $"distributed: ingest acknowledged 1 node {one.EventsPerSecond:N0} ev/s, 3 nodes {three.EventsPerSecond:N0} ev/s "
            + $"(ratio {three.EventsPerSecond / one.EventsPerSecond:F2}); applied on every node 1 node {one.AppliedPerSecond:N0} ev/s, "
            + $"3 nodes {three.AppliedPerSecond:N0} ev/s (ratio {three.AppliedPerSecond / one.AppliedPerSecond:F2})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"distributed: event-to-screen 1 node p50 {one.P50Ms:F0} / p99 {one.P99Ms:F0} ms ({one.Delivered}), "
            + $"3 nodes p50 {three.P50Ms:F0} / p99 {three.P99Ms:F0} ms ({three.Delivered}) (p99 ratio {three.P99Ms / one.P99Ms:F2}; publish interval 250 ms)"));
    }

    private static async Task<Measured> MeasureAsync(RedisProcess redis, int nodeCount, int events, int screensPerNode, int bedChanges, string run)
    {
        var nodes = new List<ServerProcess>();
        var screens = new List<HubConnection>();
        using var folder = TempFolder.Create();
        var source = "bench-" + run;
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Bright:Redis:Configuration"] = redis.Configuration,
                // Each run has its own stream, so the second run's nodes do not first read the first run's events.
                ["Bright:Redis:StreamKey"] = "bright:bench:" + run,
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (role, token, i) in Tokens.All.Select((t, i) => (t.Role, t.Token, i)))
            {
                settings[string.Create(CultureInfo.InvariantCulture, $"Bright:Auth:LocalTokens:{i}:Token")] = token;
                settings[string.Create(CultureInfo.InvariantCulture, $"Bright:Auth:LocalTokens:{i}:Role")] = role;
            }

            for (var n = 0; n < nodeCount; n++)
            {
                nodes.Add(await ServerProcess.StartAsync(Path.Combine(folder.Path, string.Create(CultureInfo.InvariantCulture, $"n{n}"), "bright.duckdb"),
                    settings));
            }

            // Ingest: four senders, each posting 500-event batches to its own node in turn.
            var clients = nodes.Select(n => Client(n.Address, Tokens.Feed)).ToList();
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
                    var body = new JsonArray([.. Enumerable.Range(0, 500).Select(i => (JsonNode)Sourced(EventJson.Admission(
                        string.Create(CultureInfo.InvariantCulture, $"bench-{run}-{batch}-{i}"), at.AddMilliseconds(-i), location: "RQ6/W2/B01"), source))])
                        .ToJsonString();
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await clients[batch % clients.Count].PostAsync(new Uri("/api/events", UriKind.Relative), content);
                    response.EnsureSuccessStatusCode();
                }
            })));
            var rate = batches * 500 / clock.Elapsed.TotalSeconds;

            // Applied: until every node's ingest monitor (which counts on apply) has every event of the run.
            foreach (var node in nodes)
            {
                using var reader = Client(node.Address, Tokens.Operational);
                while (await AcceptedTodayAsync(reader, source) < batches * 500)
                {
                    await Task.Delay(20);
                }
            }

            var applied = batches * 500 / clock.Elapsed.TotalSeconds;

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
            clients.ForEach(c => c.Dispose());
            return new Measured(rate, applied, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
                string.Create(CultureInfo.InvariantCulture, $"{latencies.Length}/{screens.Count * sent.Count} delivered"));
        }
        finally
        {
            foreach (var screen in screens)
            {
                await screen.DisposeAsync();
            }

            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static HttpClient Client(Uri address, string token)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static JsonObject Sourced(JsonObject e, string source)
    {
        e["source"] = source;
        return e;
    }

    private static async Task<long> AcceptedTodayAsync(HttpClient reader, string source)
    {
        using var ingest = JsonDocument.Parse(await reader.GetStringAsync(new Uri("/api/ingest", UriKind.Relative)));
        return ingest.RootElement.GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("source").GetString() == source).Sum(r => r.GetProperty("acceptedToday").GetInt64());
    }

    private sealed record Measured(double EventsPerSecond, double AppliedPerSecond, double P50Ms, double P99Ms, string Delivered);

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
