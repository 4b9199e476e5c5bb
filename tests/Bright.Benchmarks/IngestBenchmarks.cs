using System.Diagnostics;
using System.Globalization;
using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Simulator;
using Bright.Store;
using Bright.Store.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bright.Benchmarks;

/// <summary>
/// Durable ingest through BRIGHT's writer (dedupe, group commit, observers) against DuckDB's raw appender
/// into the same table shape, on the same simulated events.
/// </summary>
internal static class IngestBenchmarks
{
    public static async Task RunAsync(int count)
    {
        var generate = Stopwatch.StartNew();
        var simulator = new TrustSimulator(TrustReference.Demo, new SimulatorOptions(), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var events = simulator.AdvanceTo(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)).Take(count).ToArray();
        Report("simulator: generate events", events.Length, generate.Elapsed, null);

        // Warm up every path (JIT, DuckDB's first-use costs) on a small slice before measuring.
        var warm = events[..Math.Min(20_000, events.Length)];
        Measure(null, warm, RawAppender);
        await MeasureAsync(null, warm, async (writer, e) => await writer.WriteBulkAsync(e));
        await MeasureAsync(null, warm, SendersAsync);

        var raw = Measure("raw DuckDB appender, one transaction", events, RawAppender);
        var bulk = await MeasureAsync("BRIGHT writer, bulk path (backfill)", events, async (writer, e) => await writer.WriteBulkAsync(e));
        Report("  ratio to raw appender", 0, TimeSpan.Zero, bulk / raw);
        var live = await MeasureAsync("BRIGHT writer, 64 senders x 100-event batches", events, SendersAsync);
        Report("  ratio to raw appender", 0, TimeSpan.Zero, live / raw);
        var single = await MeasureAsync("BRIGHT writer, 1 sender x 100-event batches", events, async (writer, e) =>
        {
            foreach (var chunk in e.Chunk(100))
            {
                await writer.WriteAsync(chunk);
            }
        });
        Report("  ratio to raw appender", 0, TimeSpan.Zero, single / raw);
    }

    private static async Task SendersAsync(EventWriter writer, HospitalEvent[] events)
    {
        var chunks = events.Chunk(100).ToArray();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < chunks.Length)
            {
                await writer.WriteAsync(chunks[i]);
            }
        })));
    }

    private static double Measure(string? name, HospitalEvent[] events, Action<BrightStore, HospitalEvent[]> run)
    {
        using var folder = new BenchFolder();
        using var store = BrightStore.Open(new StoreOptions { Path = folder.File });
        var clock = Stopwatch.StartNew();
        run(store, events);
        return Report(name, events.Length, clock.Elapsed, null);
    }

    private static async Task<double> MeasureAsync(string? name, HospitalEvent[] events, Func<EventWriter, HospitalEvent[], Task> run)
    {
        using var folder = new BenchFolder();
        var options = new StoreOptions { Path = folder.File };
        using var store = BrightStore.Open(options);
        await using var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance);
        var clock = Stopwatch.StartNew();
        await run(writer, events);
        var elapsed = clock.Elapsed;
        if (writer.CommittedEvents != events.Length)
        {
            throw new InvalidOperationException($"{name}: committed {writer.CommittedEvents} of {events.Length} events.");
        }

        return Report(name, events.Length, elapsed, null);
    }

    // The reference: DuckDB's appender straight into the events table, every column as BRIGHT stores it,
    // with no dedupe and no per-sender acknowledgement.
    private static void RawAppender(BrightStore store, HospitalEvent[] events)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var json = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var appender = connection.CreateAppender("events"))
        {
            foreach (var e in events)
            {
                var row = appender.CreateRow()
                    .AppendValue(e.EventId).AppendValue(e.OccurredAt.UtcDateTime).AppendValue(e.ReceivedAt.UtcDateTime)
                    .AppendValue(e.Source).AppendValue(e.Site).AppendValue(e.Kind.ToString())
                    .AppendValue(e.Subject).AppendValue(e.Location).AppendValue(e.Code).AppendValue(e.Value);
                if (e.Attributes.Count == 0)
                {
                    row.AppendNullValue();
                }
                else
                {
                    json.ResetWrittenCount();
                    using (var writer = new System.Text.Json.Utf8JsonWriter(json))
                    {
                        writer.WriteStartObject();
                        foreach (var (key, value) in e.Attributes)
                        {
                            writer.WriteString(key, value);
                        }

                        writer.WriteEndObject();
                    }

                    row.AppendValue(System.Text.Encoding.UTF8.GetString(json.WrittenSpan));
                }

                row.EndRow();
            }
        }

        transaction.Commit();
    }

    private static double Report(string? name, int events, TimeSpan elapsed, double? ratio)
    {
        if (name is null)
        {
            return events / elapsed.TotalSeconds;
        }

        if (ratio is { } r)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} {r,12:P0}"));
            return r;
        }

        var rate = events / elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} {rate,12:N0} events/s  ({events:N0} in {elapsed.TotalSeconds:F2} s)"));
        return rate;
    }

    private sealed class BenchFolder : IDisposable
    {
        public BenchFolder()
        {
            Directory.CreateDirectory(Path);
        }

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bright-bench", Guid.NewGuid().ToString("N"));

        public string File => System.IO.Path.Combine(Path, "bench.duckdb");

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
