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
/// Push latency of live state: a bed status posted to <c>POST /api/events</c> (timed from the moment the
/// server answers, i.e. the event is durable) until each subscribed SignalR client over WebSockets on loopback
/// receives the <c>beds:RQ6</c> delta showing it. The reference is the publisher's coalescing interval (250 ms):
/// a delta waits on average half of it.
/// </summary>
internal static class LivePushBenchmarks
{
    public static async Task RunAsync(int clients, int events)
    {
        await using var server = await TestServer.StartAsync();
        var received = new ConcurrentDictionary<(int Client, string Bed), long>();
        var connections = new List<HubConnection>();
        for (var c = 0; c < clients; c++)
        {
            var client = c;
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server.Address, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(Tokens.Operational))
                .Build();
            connection.On<string, long, JsonElement>("delta", (_, _, data) =>
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var ward in data.GetProperty("wards").EnumerateArray().Where(w => w.GetProperty("code").GetString() == "W1"))
                {
                    foreach (var bed in ward.GetProperty("beds").EnumerateArray().Where(b => b.GetProperty("status").GetString() == "blocked"))
                    {
                        received.TryAdd((client, bed.GetProperty("code").GetString()!), now);
                    }
                }
            });
            await connection.StartAsync();
            await connection.InvokeAsync("Subscribe", new[] { "beds:RQ6" });
            connections.Add(connection);
        }

        using var http = server.Client(Tokens.Feed);
        var sent = new Dictionary<string, long>();
        var start = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < events; i++)
        {
            var bed = string.Create(CultureInfo.InvariantCulture, $"B{(i % 30) + 1:00}");
            var status = i < 30 ? "blocked" : "available";
            var e = new JsonObject
            {
                ["eventId"] = string.Create(CultureInfo.InvariantCulture, $"push-{i}"),
                ["occurredAt"] = start.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture),
                ["site"] = "RQ6",
                ["kind"] = "BedStatusChanged",
                ["location"] = "RQ6/W1/" + bed,
                ["code"] = status,
            };
            using var content = new StringContent(new JsonArray(e).ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("/api/events", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
            if (status == "blocked")
            {
                sent[bed] = Stopwatch.GetTimestamp();
            }

            // Spread the events over time, as feeds send them, so each meets a different point of the publish cycle.
            await Task.Delay(37);
        }

        await Task.Delay(1000);
        var latencies = received.Where(r => sent.ContainsKey(r.Key.Bed))
            .Select(r => Stopwatch.GetElapsedTime(sent[r.Key.Bed], r.Value).TotalMilliseconds).Order().ToArray();
        var expected = clients * sent.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live push: {clients} clients, {sent.Count} bed changes: delivered {latencies.Length}/{expected} ({(double)latencies.Length / expected:P0}); "
            + $"p50 {Percentile(latencies, 0.5):F0} ms, p95 {Percentile(latencies, 0.95):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms "
            + $"(reference: publish interval 250 ms, ratio p50/250 = {Percentile(latencies, 0.5) / 250:F2})"));
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
