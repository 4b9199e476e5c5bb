using System.Diagnostics;
using System.Globalization;
using Bright.Server.Jobs;
using Bright.Server.Kpis;
using Bright.Store.Kpis;
using Bright.Testing;

namespace Bright.Benchmarks;

/// <summary>
/// One refresh of every catalogue KPI on a large store: each KPI's SQL over the whole history (as the SPC job read it
/// before) against the same SQL over its charted periods and look-back (as it reads now), then the scheduled job
/// itself (reads, SPC, stored results, published tiles). Events come from <see cref="QueryBenchmarks.Generate"/>
/// over five years, about the history of a large trust at 20 million events, each encounter's eight events sharing
/// a subject so that every admission has its discharge (with the query benchmark's seven, half the stays never close
/// and the bed-day KPIs join every snapshot with years of open stays).
/// </summary>
internal static class KpiBenchmarks
{
    public static async Task RunAsync(long events)
    {
        using var folder = TempFolder.Create();
        QueryBenchmarks.Generate(Path.Combine(folder.Path, "bright.duckdb"), events, years: 5, eventsPerSubject: 8);
        await using var server = await TestServer.StartAsync(folder: folder);
        var store = server.Get<KpiStore>();
        var kpis = await store.ListAsync();

        // Warm-up, not counted: the first read brings the store's pages into memory for both ways alike.
        await store.ReadSeriesAsync(kpis[0].Definition.Sql!);

        var full = TimeSpan.Zero;
        var windowed = TimeSpan.Zero;
        var same = 0;
        var slowest = new List<(string Id, TimeSpan Full, TimeSpan Windowed)>();
        foreach (var kpi in kpis)
        {
            var (sql, frequency) = (kpi.Definition.Sql!, kpi.Definition.Frequency);
            var periods = KpiSpcService.WindowOf(frequency);
            var clock = Stopwatch.StartNew();
            var all = await store.ReadSeriesAsync(sql);
            var fullTime = clock.Elapsed;
            clock.Restart();
            var window = await store.ReadLatestSeriesAsync(sql, periods, KpiSpcService.PeriodLengthOf(frequency), KpiSpcService.LookBack);
            var windowTime = clock.Elapsed;
            (full, windowed) = (full + fullTime, windowed + windowTime);
            same += window.Rows.SequenceEqual(all.Skip(Math.Max(0, all.Count - periods))) ? 1 : 0;
            slowest.Add((kpi.Definition.Id!, fullTime, windowTime));
        }

        var job = Stopwatch.StartNew();
        await server.Get<KpiSpcJob>().RunAsync(CancellationToken.None);
        Line($"every KPI's SQL over the whole history ({kpis.Count} KPIs)", $"{full.TotalSeconds,10:F1} s");
        Line("every KPI's SQL over its charted periods and look-back", $"{windowed.TotalSeconds,10:F1} s  ({windowed / full:F2}x)");
        Line("  KPIs whose charted periods are the same both ways", $"{same,10} of {kpis.Count}");
        foreach (var (id, fullTime, windowTime) in slowest.OrderByDescending(s => s.Full).Take(3))
        {
            Line($"  {id}", $"{fullTime.TotalSeconds,10:F1} s -> {windowTime.TotalSeconds:F1} s");
        }

        Line("one KPI refresh, the scheduled job (SPC, stored, published)", $"{job.Elapsed.TotalSeconds,10:F1} s");
    }

    private static void Line(string name, string figure) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-60} {figure}"));
}
