using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Testing;

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
    private const string Ward = LivePushReceivers.Ward;
    private const int Beds = LivePushReceivers.Beds;

    /// <summary>
    /// Every combination of publish interval (250 and 50 ms), screens (200 and 1,000), hub protocol (JSON, MessagePack) and
    /// where the screens run (in this process beside the server, or in a child process of their own, so server and client
    /// costs separate); <c>--clients=</c>, <c>--interval=</c> (ms), <c>--protocol=</c> and <c>--placement=same|child</c> pick one.
    /// </summary>
    public static async Task RunAllAsync(string[] args, bool quick)
    {
        string[] Pick(string name, params string[] all) =>
            args.FirstOrDefault(a => a.StartsWith("--" + name + "=", StringComparison.Ordinal)) is { } a ? [a[(name.Length + 3)..]] : all;
        foreach (var interval in Pick("interval", "250", "50"))
        {
            foreach (var clients in Pick("clients", quick ? ["100"] : ["200", "1000"]))
            {
                foreach (var protocol in Pick("protocol", "json", "messagepack"))
                {
                    foreach (var placement in Pick("placement", "same", "child"))
                    {
                        await RunAsync(int.Parse(clients, CultureInfo.InvariantCulture), TimeSpan.FromSeconds(quick ? 5 : 15), 2_000,
                            TimeSpan.FromMilliseconds(int.Parse(interval, CultureInfo.InvariantCulture)), protocol, placement == "child");
                    }
                }
            }
        }
    }

    public static async Task RunAsync(int clients, TimeSpan duration, int eventsPerSecond, TimeSpan publishInterval, string protocol, bool child)
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bright:Live:PublishInterval"] = publishInterval.ToString("c", CultureInfo.InvariantCulture),
        });
        var drain = TimeSpan.FromSeconds(publishInterval.TotalSeconds * 8 + 2);
        await using var receivers = child
            ? (IScreens)await ChildScreens.StartAsync(server.Address, clients, protocol, drain)
            : new SameProcessScreens(await LivePushReceivers.ConnectAsync(server.Address, clients, protocol), drain);
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var sent = await SendAsync(server, duration, eventsPerSecond);
        var figures = await receivers.JudgeAsync(sent);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;

        var interval = publishInterval.TotalMilliseconds;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

        var where = child
            ? string.Create(CultureInfo.InvariantCulture,
                $"screens in a child process; CPU: server and sender {cpu.TotalSeconds:F1} s, screens {figures.ClientCpu.TotalSeconds:F1} s")
            : string.Create(CultureInfo.InvariantCulture, $"screens beside the server; CPU: all {cpu.TotalSeconds:F1} s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live push: {clients,5} clients, {protocol,-11}, publish interval {interval,3:F0} ms, {sent.Count:N0} bed changes in {duration.TotalSeconds:F0} s "
            + $"({sent.Count / duration.TotalSeconds:N0}/s): delivered {figures.Delivered:N0}/{figures.Expected:N0} "
            + $"({(double)figures.Delivered / figures.Expected:P2}), version gaps {figures.Gaps}; p50 {figures.P50:F0} ms, p95 {figures.P95:F0} ms, "
            + $"p99 {figures.P99:F0} ms, max {figures.Max:F0} ms (reference: interval/2 = {interval / 2:F0} ms, ratio p50 ÷ it "
            + $"{figures.P50 / (interval / 2):F2}); {figures.DeltasReceived / (double)clients:F0} deltas of {figures.MeanDeltaBytes:N0} bytes per screen; "
            + $"{where} (of at most {Environment.ProcessorCount * (duration + drain).TotalSeconds:F0} core-seconds); load average {load}"));
    }

    /// <summary>Screens connected and subscribed, judged once the changes have been sent.</summary>
    private interface IScreens : IAsyncDisposable
    {
        Task<LiveFigures> JudgeAsync(IReadOnlyList<Sent> sent);
    }

    private sealed class SameProcessScreens(LivePushReceivers receivers, TimeSpan drain) : IScreens
    {
        public Task<LiveFigures> JudgeAsync(IReadOnlyList<Sent> sent) => receivers.JudgeAsync(sent, drain);

        public ValueTask DisposeAsync() => receivers.DisposeAsync();
    }

    /// <summary>The screens in a child process of this benchmark (<see cref="LivePushReceivers.RunChildAsync"/>).</summary>
    private sealed class ChildScreens(Process process) : IScreens
    {
        public static async Task<ChildScreens> StartAsync(Uri server, int clients, string protocol, TimeSpan drain)
        {
            var self = Environment.ProcessPath!;
            var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                info.ArgumentList.Add(typeof(LivePushBenchmarks).Assembly.Location);
            }

            foreach (var arg in new[] { "--live-receivers", $"--url={server}", $"--clients={clients}", $"--protocol={protocol}" })
            {
                info.ArgumentList.Add(arg);
            }

            info.ArgumentList.Add("--drain=" + drain.ToString("c", CultureInfo.InvariantCulture));
            var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the screens' process.");
            var first = await process.StandardOutput.ReadLineAsync();
            return first == "ready"
                ? new ChildScreens(process)
                : throw new InvalidOperationException($"The screens' process did not start: '{first}'.");
        }

        public async Task<LiveFigures> JudgeAsync(IReadOnlyList<Sent> sent)
        {
            foreach (var e in sent)
            {
                await process.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{e.Bed} {e.OccurredAtTicks} {e.AcceptedAt}"));
            }

            await process.StandardInput.WriteLineAsync("end");
            await process.StandardInput.FlushAsync();
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("figures ", StringComparison.Ordinal))
                {
                    return LiveFigures.Parse(line["figures ".Length..]);
                }
            }

            throw new InvalidOperationException("The screens' process ended without its figures.");
        }

        public async ValueTask DisposeAsync()
        {
            await process.WaitForExitAsync();
            process.Dispose();
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
}
