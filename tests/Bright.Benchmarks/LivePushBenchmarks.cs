using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bright.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Benchmarks;

/// <summary>
/// Push latency of live state (issue 6): bed status changes posted to <c>POST /api/events</c> at a steady rate while
/// real SignalR clients over WebSockets on loopback are subscribed to <c>beds:RQ6</c>. Each event is timed from the
/// moment the server answers its batch (the event is durable) until each client receives a delta whose bed shows
/// that change or a later one: coalescing folds several changes of one bed into one delta, and the newest state
/// covers the ones before it. Delivered = (client, event) pairs so covered ÷ clients × events. The reference is the
/// publisher's coalescing interval (<c>Bright:Live:PublishInterval</c>): a change waits on average half of it before
/// it is sent, so the interval bounds latency from below.
/// </summary>
internal static class LivePushBenchmarks
{
    private const string Ward = "W1";
    private const int Beds = 30;

    public static async Task RunAsync(int clients, TimeSpan duration, int eventsPerSecond, TimeSpan publishInterval)
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bright:Live:PublishInterval"] = publishInterval.ToString("c", CultureInfo.InvariantCulture),
        });
        var receivers = new List<Receiver>();
        for (var c = 0; c < clients; c++)
        {
            receivers.Add(await Receiver.ConnectAsync(server));
        }

        var sent = await SendAsync(server, duration, eventsPerSecond);
        var drainUntil = Stopwatch.GetTimestamp() + (long)((publishInterval.TotalSeconds * 8 + 2) * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < drainUntil && !receivers.All(r => r.Covers(sent[^Beds..])))
        {
            await Task.Delay(50);
        }

        var latencies = new List<double>(clients * sent.Count);
        foreach (var receiver in receivers)
        {
            foreach (var e in sent)
            {
                if (receiver.FirstCovering(e.Bed, e.OccurredAtTicks) is { } at)
                {
                    // A delta can leave between the commit and the sender reading its answer: that is 0 ms, not less.
                    latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(e.AcceptedAt, at).TotalMilliseconds));
                }
            }
        }

        var sorted = latencies.Order().ToArray();
        var expected = (long)clients * sent.Count;
        var gaps = receivers.Sum(r => r.Gaps);
        var interval = publishInterval.TotalMilliseconds;
        var p50 = Percentile(sorted, 0.5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live push: {clients,5} clients, publish interval {interval,3:F0} ms, {sent.Count:N0} bed changes in {duration.TotalSeconds:F0} s "
            + $"({sent.Count / duration.TotalSeconds:N0}/s): delivered {sorted.Length:N0}/{expected:N0} ({(double)sorted.Length / expected:P2}), "
            + $"version gaps {gaps}; p50 {p50:F0} ms, p95 {Percentile(sorted, 0.95):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms, "
            + $"max {(sorted.Length > 0 ? sorted[^1] : double.NaN):F0} ms (reference: interval/2 = {interval / 2:F0} ms, ratio p50 ÷ it {p50 / (interval / 2):F2})"));
        foreach (var receiver in receivers)
        {
            await receiver.DisposeAsync();
        }
    }

    /// <summary>Posts batches so the count sent keeps up with the rate; returns each event with when its batch was accepted.</summary>
    private static async Task<List<Sent>> SendAsync(TestServer server, TimeSpan duration, int eventsPerSecond)
    {
        using var http = server.Client(Tokens.Feed);
        var sent = new List<Sent>();

        // A minute in the past, so no event is ahead of the server's clock; a fixed step keeps each bed's times increasing.
        // Whole milliseconds, since the store keeps microseconds: a time it truncated would look older than the event.
        var now = TimeProvider.System.GetUtcNow().AddMinutes(-1);
        var origin = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var stepTicks = TimeSpan.TicksPerSecond / eventsPerSecond;
        var started = Stopwatch.GetTimestamp();
        var total = (int)(duration.TotalSeconds * eventsPerSecond);
        var i = 0;
        while (i < total)
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * eventsPerSecond));
            if (due <= i)
            {
                await Task.Delay(5);
                continue;
            }

            var batch = new JsonArray();
            var pending = new List<(int Bed, long Ticks)>();
            for (; i < due; i++)
            {
                var bed = i % Beds;
                var occurredAt = origin.AddTicks(i * stepTicks);
                batch.Add(new JsonObject
                {
                    ["eventId"] = string.Create(CultureInfo.InvariantCulture, $"push-{i}"),
                    ["occurredAt"] = occurredAt.ToString("O", CultureInfo.InvariantCulture),
                    ["site"] = "RQ6",
                    ["kind"] = "BedStatusChanged",
                    ["location"] = BedLocation(bed),
                    ["code"] = i / Beds % 2 == 0 ? "blocked" : "available",
                });
                pending.Add((bed, occurredAt.UtcTicks));
            }

            using var content = new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("/api/events", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
            var accepted = Stopwatch.GetTimestamp();
            sent.AddRange(pending.Select(p => new Sent(p.Bed, p.Ticks, accepted)));
        }

        return sent;
    }

    private static string BedLocation(int bed) => string.Create(CultureInfo.InvariantCulture, $"RQ6/{Ward}/B{bed + 1:00}");

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed record Sent(int Bed, long OccurredAtTicks, long AcceptedAt);

    /// <summary>One subscribed screen: per bed, each newer status time it was shown and when (stopwatch ticks).</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly List<(long Since, long At)>[] _shown = [.. Enumerable.Range(0, Beds).Select(_ => new List<(long, long)>())];
        private readonly Lock _gate = new();
        private long _version = -1;

        private Receiver(HubConnection connection) => _connection = connection;

        public int Gaps { get; private set; }

        public static async Task<Receiver> ConnectAsync(TestServer server)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server.Address, "/hubs/live"), HttpTransportType.WebSockets, o =>
                {
                    o.SkipNegotiation = true;
                    o.AccessTokenProvider = () => Task.FromResult<string?>(Tokens.Operational);
                })
                .Build();
            var receiver = new Receiver(connection);
            connection.On<string, long, JsonElement>("snapshot", (_, version, _) => receiver.Seen(version, snapshot: true));
            connection.On<string, long, JsonElement>("delta", receiver.OnDelta);
            await connection.StartAsync();
            await connection.InvokeAsync("Subscribe", new[] { "beds:RQ6" });
            return receiver;
        }

        public bool Covers(IEnumerable<Sent> events) => events.All(e => FirstCovering(e.Bed, e.OccurredAtTicks) is not null);

        public long? FirstCovering(int bed, long occurredAtTicks)
        {
            lock (_gate)
            {
                var shown = _shown[bed];
                var index = shown.FindIndex(s => s.Since >= occurredAtTicks);
                return index < 0 ? null : shown[index].At;
            }
        }

        private void OnDelta(string topic, long version, JsonElement data)
        {
            var at = Stopwatch.GetTimestamp();
            Seen(version, snapshot: false);
            foreach (var ward in data.GetProperty("wards").EnumerateArray())
            {
                if (ward.GetProperty("code").GetString() != Ward)
                {
                    continue;
                }

                foreach (var bed in ward.GetProperty("beds").EnumerateArray())
                {
                    if (bed.GetProperty("since").ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    var index = int.Parse(bed.GetProperty("code").GetString().AsSpan(1), CultureInfo.InvariantCulture) - 1;
                    var since = bed.GetProperty("since").GetDateTimeOffset().UtcTicks;
                    lock (_gate)
                    {
                        var shown = _shown[index];
                        if (shown.Count == 0 || shown[^1].Since < since)
                        {
                            shown.Add((since, at));
                        }
                    }
                }
            }
        }

        private void Seen(long version, bool snapshot)
        {
            if (!snapshot && _version >= 0 && version != _version + 1)
            {
                Gaps++;
            }

            _version = version;
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
