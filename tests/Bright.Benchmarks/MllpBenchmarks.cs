using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Bright.Pipelines.Hl7;
using Bright.Pipelines.Mllp;
using Bright.Pipelines.Pseudonymisation;
using Bright.Store.Events;
using Bright.Testing;

namespace Bright.Benchmarks;

/// <summary>
/// HL7 v2 over MLLP end to end: a real Kestrel MLLP endpoint on 127.0.0.1 with a real store, each AA sent
/// only after the message's events are durable. Sequential (one connection, wait for each ACK) and
/// pipelined (several connections, a window of messages in flight on each), with ACK latency percentiles;
/// then the parser and mapper alone on one core.
/// </summary>
internal static class MllpBenchmarks
{
    private const string Key = "benchmark-key-0123456789-abcdefghijklmnop";

    public static async Task RunAsync(int sequential, int pipelined, int connections, int window)
    {
        await using var host = await MllpHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bright:Mllp:Feeds:0:Source"] = "synthetic",
            ["Bright:Mllp:Feeds:0:Owner"] = "BRIGHT benchmarks",
            ["Bright:Mllp:Feeds:0:SendingApplication"] = "TEST",
            ["Bright:Mllp:Feeds:0:DefaultSite"] = "RQ6",
            ["Bright:Pseudonymisation:Key"] = Key,
            ["Bright:Pseudonymisation:KeyVersion"] = "b1",
        });
        var port = host.Port;
        var next = -1;

        // Warm up (JIT, the store's first commits, connection set-up) before measuring.
        await SequentialAsync(port, 200, () => Interlocked.Increment(ref next));
        await PipelinedAsync(port, 2_000, connections, window, () => Interlocked.Increment(ref next));

        var seq = await SequentialAsync(port, sequential, () => Interlocked.Increment(ref next));
        Report("MLLP sequential (1 connection, wait for each AA)", seq);
        var pipe = await PipelinedAsync(port, pipelined, connections, window, () => Interlocked.Increment(ref next));
        Report($"MLLP pipelined ({connections} connections x {window} in flight)", pipe);

        var stored = await host.Get<EventReader>().CountAsync();
        if (stored != next + 1)
        {
            throw new InvalidOperationException($"MLLP: the store holds {stored} events for {next + 1} acknowledged messages.");
        }

        Parser(TimeSpan.FromSeconds(sequential < 2_000 ? 1 : 3));
    }

    /// <summary>A synthetic admission, unique by <paramref name="i"/> (control id, patient and bed).</summary>
    public static string Admission(int i) =>
        string.Create(CultureInfo.InvariantCulture,
            $"MSH|^~\\&|TEST|RQ6|BRIGHT|RQ6|20250101120000||ADT^A01|B{i}|P|2.4\rEVN|A01|20250101120000\r" +
            $"PID|1||{1_000_000 + i}^^^RQ6^MR||DOE^JANE||19700101|F\rPV1|1|I|W{i % 40}^^B{i % 1000:000}^RQ6||||||||||||||||V{i}\r");

    private static async Task<Run> SequentialAsync(int port, int count, Func<int> nextId)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var acks = new AckReader(stream);
        var latencies = new double[count];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await stream.WriteAsync(MllpMessageProcessor.Frame(Admission(nextId())));
            await acks.ReadAsync();
            latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        }

        return new Run(count, clock.Elapsed, latencies);
    }

    private static async Task<Run> PipelinedAsync(int port, int count, int connections, int window, Func<int> nextId)
    {
        var latencies = new double[count];
        var perConnection = count / connections;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            var acks = new AckReader(stream);
            var sentAt = new long[perConnection];
            using var slots = new SemaphoreSlim(window);
            var reading = Task.Run(async () =>
            {
                for (var i = 0; i < perConnection; i++)
                {
                    await acks.ReadAsync();
                    latencies[(c * perConnection) + i] = Stopwatch.GetElapsedTime(sentAt[i]).TotalMilliseconds;
                    slots.Release();
                }
            });
            for (var i = 0; i < perConnection; i++)
            {
                await slots.WaitAsync();
                sentAt[i] = Stopwatch.GetTimestamp();
                await stream.WriteAsync(MllpMessageProcessor.Frame(Admission(nextId())));
            }

            await reading;
        })));
        return new Run(perConnection * connections, clock.Elapsed, latencies[..(perConnection * connections)]);
    }

    private static void Parser(TimeSpan duration)
    {
        var samples = Samples();
        var mapper = new Hl7EventMapper(new Hl7FeedCatalog(Profiles()), new Pseudonymiser(new PseudonymisationOptions { Key = Key, KeyVersion = "b1" }));
        var receivedAt = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
        var thread = new Thread(() =>
        {
            // Warm-up, then as many passes as fit in the duration, on this one thread.
            Pass(samples, mapper, receivedAt, 2_000);
            var count = 0L;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                count += Pass(samples, mapper, receivedAt, 1_000);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{$"HL7 parse + map, one core ({samples.Count} sample messages)",-52} {count / clock.Elapsed.TotalSeconds,12:N0} messages/s"));
        });
        thread.Start();
        thread.Join();
    }

    private static int Pass(List<string> samples, Hl7EventMapper mapper, DateTimeOffset receivedAt, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var parsed = Hl7Parser.Parse(samples[i % samples.Count]);
            var mapped = mapper.Map(parsed.Message!, receivedAt);
            if (mapped.Code != Hl7AckCode.AA)
            {
                throw new InvalidOperationException($"HL7 benchmark sample {i % samples.Count} was refused: {mapped.Error}");
            }
        }

        return count;
    }

    // The public samples beside the repository when present (DOMAIN.md §9), and synthetic admissions.
    private static List<string> Samples()
    {
        var samples = Enumerable.Range(0, 4).Select(Admission).ToList();
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "shared", "data", "feeds", "hl7v2")))
        {
            folder = folder.Parent;
        }

        if (folder is not null)
        {
            samples.AddRange(Directory.EnumerateFiles(Path.Combine(folder.FullName, "shared", "data", "feeds", "hl7v2"), "*.hl7", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => File.ReadAllText(f).Replace("\r\n", "\r", StringComparison.Ordinal).Replace('\n', '\r')));
        }

        return samples;
    }

    private static List<Hl7FeedProfile> Profiles() =>
    [
        new() { Source = "uclh-epic-adt", Owner = "UCLH", SendingApplication = "EPIC", SendingFacility = "UCLH", Sites = new() { ["U"] = "RRV03" },
            PatientClasses = new() { ["DAY CASE"] = "day_case" } },
        new() { Source = "barts-adt", Owner = "Barts", SendingApplication = "BLT_TIE", SendingFacility = "BLT",
            Sites = new() { ["RNJ ROYALLONDON"] = "R1H12" } },
        new() { Source = "synthetic", Owner = "BRIGHT benchmarks", SendingApplication = "TEST", DefaultSite = "RQ6" },
    ];

    private static void Report(string name, Run run)
    {
        var sorted = run.Latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-52} {run.Count / run.Elapsed.TotalSeconds,12:N0} messages/s  ({run.Count:N0} in {run.Elapsed.TotalSeconds:F2} s; " +
            $"ACK p50 {Percentile(sorted, 0.50):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms)"));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed record Run(int Count, TimeSpan Elapsed, double[] Latencies);

    /// <summary>Reads ACK frames one at a time from a connection, failing on anything but AA.</summary>
    private sealed class AckReader(NetworkStream stream)
    {
        private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        private readonly MllpFrameReader _framer = new(1024 * 1024);
        private readonly Queue<string> _ready = new();

        public async Task ReadAsync()
        {
            while (_ready.Count == 0)
            {
                var read = await _reader.ReadAsync();
                var buffer = read.Buffer;
                while (_framer.TryRead(ref buffer, out var payload, out _, out _) == MllpFrameStatus.Frame)
                {
                    _ready.Enqueue(Hl7Parser.Decode(payload.ToArray()));
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted && _ready.Count == 0)
                {
                    throw new InvalidOperationException("MLLP benchmark: the server closed the connection.");
                }
            }

            var ack = _ready.Dequeue();
            if (!ack.Contains("MSA|AA|", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"MLLP benchmark: expected AA, got {ack.Replace('\r', ' ')}");
            }
        }
    }
}
