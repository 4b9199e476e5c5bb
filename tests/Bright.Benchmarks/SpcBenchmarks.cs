using System.Diagnostics;
using System.Globalization;
using Bright.Analytics.Spc;

namespace Bright.Benchmarks;

/// <summary>
/// XmR over 1,000 series of 100 points in-process, beside the reference figure of 3.43 s that
/// NHSRplotthedots (R, faceted) takes for the same work, as issue 4 records it. R is not on this machine, so
/// the reference is that published figure, not a measurement of this run.
/// </summary>
internal static class SpcBenchmarks
{
    private const double ReferenceSeconds = 3.43;

    public static void Run()
    {
        var random = new Random(4);
        var series = Enumerable.Range(0, 1_000).Select(s => new SpcRequest
        {
            Chart = "xmr",
            Profile = "nhsr",
            ImprovementDirection = "increase",
            Target = 100,
            Points = [.. Enumerable.Range(0, 100).Select(i => new SpcInputPoint
            {
                Date = new DateOnly(2017, 1, 1).AddDays(7 * i),
                Value = 100 + (s % 7) + (random.NextDouble() * 10) + (i > 70 ? 6 : 0),
            })],
        }).ToArray();

        // Warm up (JIT) on a few series first.
        foreach (var request in series.Take(20))
        {
            SpcEngine.Evaluate(request);
        }

        // The best of five rounds: the machine is shared, and the quietest round is closest to the engine's cost.
        var elapsed = TimeSpan.MaxValue;
        var signals = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 5; round++)
        {
            var clock = Stopwatch.StartNew();
            signals = 0;
            foreach (var request in series)
            {
                var outcome = SpcEngine.Evaluate(request);
                signals += outcome.Result!.Points.Count(p => p.Rules.Count > 0);
            }

            elapsed = clock.Elapsed < elapsed ? clock.Elapsed : elapsed;
        }

        var allocatedPerSeries = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 5.0 / series.Length;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SPC XmR, 1,000 series x 100 points (best of 5): {elapsed.TotalMilliseconds:F1} ms ({signals:N0} flagged points); reference NHSRplotthedots "
            + $"{ReferenceSeconds} s; {ReferenceSeconds * 1000 / elapsed.TotalMilliseconds:F0}x faster; {allocatedPerSeries / 1024:F1} KiB allocated a series"));
    }
}
