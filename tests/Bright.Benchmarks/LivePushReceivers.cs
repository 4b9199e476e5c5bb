using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bright.Testing;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bright.Benchmarks;

/// <summary>One bed change as the sender saw it: the bed, the change's time and when its batch was accepted (stopwatch ticks).</summary>
internal sealed record Sent(int Bed, long OccurredAtTicks, long AcceptedAt);

/// <summary>What a group of screens saw of the changes sent: latency percentiles, delivery, gaps, and the CPU time they spent.</summary>
internal sealed record LiveFigures(long Delivered, long Expected, int Gaps, double P50, double P95, double P99, double Max, TimeSpan ClientCpu,
    double MeanDeltaBytes, long DeltasReceived)
{
    private const char Separator = ' ';

    public string ToLine() => string.Join(Separator, new object[] { Delivered, Expected, Gaps, P50, P95, P99, Max, ClientCpu.Ticks, MeanDeltaBytes, DeltasReceived }
        .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

    public static LiveFigures Parse(string line)
    {
        var f = line.Split(Separator);
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        return new LiveFigures(long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
            int.Parse(f[2], CultureInfo.InvariantCulture), D(3), D(4), D(5), D(6), TimeSpan.FromTicks(long.Parse(f[7], CultureInfo.InvariantCulture)), D(8),
            long.Parse(f[9], CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// Screens subscribed to <c>beds:RQ6</c>, each a real SignalR client over WebSockets. Per bed, each one records every newer status
/// time it was shown and when (stopwatch ticks, which on one machine every process reads from the same monotonic clock), so
/// a run can be judged in the process that holds the clients, whether or not the server is in it too.
/// </summary>
internal sealed class LivePushReceivers : IAsyncDisposable
{
    public const string Ward = "W1";
    public const int Beds = 30;

    private readonly List<Receiver> _receivers;
    private readonly TimeSpan _cpuAtStart;

    private LivePushReceivers(List<Receiver> receivers)
    {
        _receivers = receivers;
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    public static async Task<LivePushReceivers> ConnectAsync(Uri server, int clients, string protocol)
    {
        var receivers = new List<Receiver>();
        for (var c = 0; c < clients; c++)
        {
            receivers.Add(await Receiver.ConnectAsync(server, protocol, measuresSize: c == 0));
        }

        return new LivePushReceivers(receivers);
    }

    /// <summary>Waits until every screen shows each bed's last change (or the drain time passes), then judges every change sent.</summary>
    public async Task<LiveFigures> JudgeAsync(IReadOnlyList<Sent> sent, TimeSpan drain)
    {
        var drainUntil = Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency);
        var last = sent.Skip(Math.Max(0, sent.Count - Beds)).ToList();
        while (Stopwatch.GetTimestamp() < drainUntil && !_receivers.All(r => r.Covers(last)))
        {
            await Task.Delay(50);
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        var latencies = new List<double>(_receivers.Count * sent.Count);
        foreach (var receiver in _receivers)
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
        return new LiveFigures(sorted.Length, (long)_receivers.Count * sent.Count, _receivers.Sum(r => r.Gaps), Percentile(sorted, 0.5),
            Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted.Length > 0 ? sorted[^1] : double.NaN, cpu, _receivers[0].MeanDeltaBytes, _receivers.Sum(r => r.Deltas));
    }

    /// <summary>
    /// The receivers' own process (<c>--live-receivers --url=… --clients=… --protocol=… --drain=…</c>): connects, prints <c>ready</c>,
    /// reads the changes sent (<c>bed occurredAtTicks acceptedAt</c> a line, then <c>end</c>) and prints <c>figures …</c>.
    /// </summary>
    public static async Task RunChildAsync(string[] args)
    {
        string Arg(string name) => args.First(a => a.StartsWith("--" + name + "=", StringComparison.Ordinal))[(name.Length + 3)..];

        // The screens stand for as many browsers on machines of their own. With the pool's default of one thread per core, a
        // thousand connections' receives queue behind each other, and on a shared machine the process gets two threads' share
        // of the CPU; more threads let deltas be read as they arrive, as separate screens would.
        ThreadPool.GetMinThreads(out _, out var io);
        ThreadPool.SetMinThreads(32, io);
        await using var receivers = await ConnectAsync(new Uri(Arg("url")), int.Parse(Arg("clients"), CultureInfo.InvariantCulture), Arg("protocol"));
        Console.WriteLine("ready");
        // Reading the console blocks its thread for the whole run (Console.In's async reads are synchronous underneath): on a
        // thread of its own, not one of the thread pool's few, which the screens' connections need.
        var sent = await Task.Factory.StartNew(ReadSent, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var figures = await receivers.JudgeAsync(sent, TimeSpan.Parse(Arg("drain"), CultureInfo.InvariantCulture));
        Console.WriteLine("figures " + figures.ToLine());
    }

    private static List<Sent> ReadSent()
    {
        var sent = new List<Sent>();
        while (Console.ReadLine() is { } line && line != "end")
        {
            var f = line.Split(' ');
            sent.Add(new Sent(int.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
                long.Parse(f[2], CultureInfo.InvariantCulture)));
        }

        return sent;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public async ValueTask DisposeAsync()
    {
        foreach (var receiver in _receivers)
        {
            await receiver.DisposeAsync();
        }
    }

    /// <summary>One subscribed screen: it parses each delta as a screen does and notes, per bed, each newer status time and when it came.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly bool _measuresSize;
        private readonly List<(long Since, long At)>[] _shown = [.. Enumerable.Range(0, Beds).Select(_ => new List<(long, long)>())];
        private readonly Lock _gate = new();
        private long _version = -1;
        private long _deltas;
        private long _deltaBytes;

        private Receiver(HubConnection connection, bool measuresSize)
        {
            _connection = connection;
            _measuresSize = measuresSize;
        }

        public int Gaps { get; private set; }

        public long Deltas { get; private set; }

        public double MeanDeltaBytes => _deltas == 0 ? double.NaN : (double)_deltaBytes / _deltas;

        public static async Task<Receiver> ConnectAsync(Uri server, string protocol, bool measuresSize)
        {
            var builder = new HubConnectionBuilder()
                .WithUrl(new Uri(server, "/hubs/live"), HttpTransportType.WebSockets, o =>
                {
                    o.SkipNegotiation = true;
                    o.AccessTokenProvider = () => Task.FromResult<string?>(Tokens.Operational);
                });
            var json = protocol switch
            {
                "json" => true,
                "messagepack" => false,
                _ => throw new ArgumentException($"--protocol must be json or messagepack (was '{protocol}').", nameof(protocol)),
            };
            var receiver = new Receiver(json ? builder.Build() : builder.AddMessagePackProtocol().Build(), measuresSize);
            if (json)
            {
                receiver._connection.On<string, long, JsonElement>("snapshot", (_, version, _) => receiver.Seen(version, snapshot: true));
                receiver._connection.On<string, long, JsonElement>("delta", receiver.OnJsonDelta);
            }
            else
            {
                receiver._connection.On<string, long, object>("snapshot", (_, version, _) => receiver.Seen(version, snapshot: true));
                receiver._connection.On<string, long, object>("delta", receiver.OnMessagePackDelta);
            }

            await receiver._connection.StartAsync();
            await receiver._connection.InvokeAsync("Subscribe", new[] { "beds:RQ6" });
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

        private void OnJsonDelta(string topic, long version, JsonElement data)
        {
            var at = Stopwatch.GetTimestamp();
            Seen(version, snapshot: false);
            Deltas++;
            if (_measuresSize)
            {
                Measure(System.Text.Encoding.UTF8.GetByteCount(data.GetRawText()));
            }

            foreach (var ward in data.GetProperty("wards").EnumerateArray())
            {
                if (ward.GetProperty("code").GetString() != Ward)
                {
                    continue;
                }

                foreach (var bed in ward.GetProperty("beds").EnumerateArray())
                {
                    if (bed.GetProperty("since").ValueKind == JsonValueKind.String)
                    {
                        Show(bed.GetProperty("code").GetString()!, bed.GetProperty("since").GetDateTimeOffset(), at);
                    }
                }
            }
        }

        private void OnMessagePackDelta(string topic, long version, object data)
        {
            var at = Stopwatch.GetTimestamp();
            Seen(version, snapshot: false);
            Deltas++;
            if (_measuresSize)
            {
                Measure(MessagePackSerializer.Serialize(data, ContractlessStandardResolver.Options).Length);
            }

            var view = (IDictionary<object, object?>)data;
            foreach (var ward in ((object?[])view["wards"]!).Cast<IDictionary<object, object?>>())
            {
                if ((string?)ward["code"] != Ward)
                {
                    continue;
                }

                foreach (var bed in ((object?[])ward["beds"]!).Cast<IDictionary<object, object?>>())
                {
                    if (bed["since"] is string since)
                    {
                        Show((string)bed["code"]!, DateTimeOffset.Parse(since, CultureInfo.InvariantCulture), at);
                    }
                }
            }
        }

        private void Measure(int bytes)
        {
            _deltas++;
            _deltaBytes += bytes;
        }

        private void Show(string code, DateTimeOffset since, long at)
        {
            var index = int.Parse(code.AsSpan(1), CultureInfo.InvariantCulture) - 1;
            lock (_gate)
            {
                var shown = _shown[index];
                if (shown.Count == 0 || shown[^1].Since < since.UtcTicks)
                {
                    shown.Add((since.UtcTicks, at));
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
