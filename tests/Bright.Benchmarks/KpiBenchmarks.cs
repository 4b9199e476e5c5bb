using System.Diagnostics;
using System.Globalization;
using Bright.Server.Jobs;
using Bright.Server.Kpis;
using Bright.Store.Kpis;
using Bright.Testing;
using DuckDB.NET.Data;

namespace Bright.Benchmarks;

/// <summary>
/// One refresh of every catalogue KPI on a large store: each KPI's SQL over the whole history (as the SPC job read it
/// before) against the same SQL over its charted periods and look-back (as it reads now), then the scheduled job
/// itself (reads, SPC, stored results, published tiles). Events come from <see cref="QueryBenchmarks.Generate"/>
/// over five years, about the history of a large trust at 20 million events, each encounter's eight events at one
/// site under one subject so that every admission has its discharge (with the query benchmark's layout no stay ever
/// closes and the bed-day KPIs join every snapshot with years of open stays).
/// </summary>
internal static class KpiBenchmarks
{
    public static async Task RunAsync(long events)
    {
        using var folder = TempFolder.Create();
        QueryBenchmarks.Generate(Path.Combine(folder.Path, "bright.duckdb"), events, years: 5, wholeEncounters: true);
        await using var server = await TestServer.StartAsync(folder: folder);
        var store = server.Get<KpiStore>();
        var kpis = await store.ListAsync();

        // Warm-up, not counted: the first read brings the store's pages into memory for both ways alike.
        await store.ReadSeriesAsync(kpis[0].Definition.Sql!);

        var full = TimeSpan.Zero;
        var windowed = TimeSpan.Zero;
        var same = 0;
        var slowest = new List<(string Id, TimeSpan Full, TimeSpan Windowed)>();
        var differing = new List<(string Id, string How)>();
        var failed = 0;
        foreach (var kpi in kpis)
        {
            var (id, sql, frequency) = (kpi.Definition.Id!, kpi.Definition.Sql!, kpi.Definition.Frequency);
            var periods = KpiSpcService.WindowOf(frequency);
            var (all, fullTime) = await TimedAsync(id, "whole history", () => store.ReadSeriesAsync(sql));
            var (window, windowTime) = await TimedAsync(id, "window", async () =>
                (await store.ReadLatestSeriesAsync(sql, periods, KpiSpcService.PeriodLengthOf(frequency), KpiSpcService.LookBack)).Rows);
            (full, windowed) = (full + fullTime, windowed + windowTime);
            var tail = all?.Skip(Math.Max(0, all.Count - periods)).ToList();
            if (tail is not null && window is not null && window.SequenceEqual(tail))
            {
                same++;
            }
            else if (tail is not null && window is not null)
            {
                differing.Add((id, Difference(tail, window)));
            }
            else
            {
                failed++;
            }

            slowest.Add((id, fullTime, windowTime));
        }

        var job = Stopwatch.StartNew();
        var jobOutcome = "";
        try
        {
            await server.Get<KpiSpcJob>().RunAsync(CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            jobOutcome = "  " + ex.Message[..Math.Min(200, ex.Message.Length)];
        }

        Line($"every KPI's SQL over the whole history ({kpis.Count} KPIs)", $"{full.TotalSeconds,10:F1} s");
        Line("every KPI's SQL over its charted periods and look-back", $"{windowed.TotalSeconds,10:F1} s  ({windowed / full:F2}x)");
        Line("  KPIs whose charted periods are the same both ways", $"{same,10} of {kpis.Count}, {differing.Count} differ, {failed} could not be read one way");
        foreach (var (id, how) in differing)
        {
            Line($"    {id} differs", how);
        }

        foreach (var (id, fullTime, windowTime) in slowest.OrderByDescending(s => s.Full).Take(4))
        {
            Line($"  {id}", $"{fullTime.TotalSeconds,10:F1} s -> {windowTime.TotalSeconds:F1} s");
        }

        Line("one KPI refresh, the scheduled job (SPC, stored, published)", $"{job.Elapsed.TotalSeconds,10:F1} s{jobOutcome}");
    }

    /// <summary>Where the windowed series first parts from the whole history's last periods.</summary>
    private static string Difference(List<KpiSeriesRow> full, IReadOnlyList<KpiSeriesRow> window)
    {
        if (full.Count != window.Count)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{window.Count} periods against {full.Count}; first {(window.Count > 0 ? window[0].Period : null)} against {(full.Count > 0 ? full[0].Period : null)}");
        }

        var i = Enumerable.Range(0, full.Count).First(i => full[i] != window[i]);
        return string.Create(CultureInfo.InvariantCulture, $"at {i}: {window[i]} against {full[i]}");
    }

    /// <summary>Times one read; a read that fails (DuckDB's temporary-space cap) is printed and counts its time to the failure.</summary>
    private static async Task<(IReadOnlyList<KpiSeriesRow>? Rows, TimeSpan Elapsed)> TimedAsync(string id, string how,
        Func<Task<IReadOnlyList<KpiSeriesRow>>> read)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return (await read(), clock.Elapsed);
        }
        catch (DuckDBException ex)
        {
            Line($"  {id}, {how}: failed after {clock.Elapsed.TotalSeconds:F1} s", ex.Message.Split('\n')[0]);
            return (null, clock.Elapsed);
        }
    }

    private static void Line(string name, string figure) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-60} {figure}"));
}
