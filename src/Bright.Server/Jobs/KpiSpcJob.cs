using System.Text.Json;
using Bright.Server.Kpis;
using Bright.Store.Kpis;

namespace Bright.Server.Jobs;

/// <summary>
/// Hourly: every KPI's series from the store through SPC, each result stored in <c>kpi_spc_results</c> and
/// published on its <c>kpi:{id}</c> topic. A KPI that fails is logged and the rest still run; the job then
/// fails naming every KPI that did, so Hangfire shows and retries it. One heavy job at a time (<see cref="HeavyJobGate"/>).
/// </summary>
internal sealed partial class KpiSpcJob(KpiStore store, KpiSpcService spc, KpiTopics topics, HeavyJobGate gate, ILogger<KpiSpcJob> logger)
{
    public const string Id = "kpi-spc";

    private readonly ILogger<KpiSpcJob> _logger = logger;

    public Task RunAsync(CancellationToken cancellationToken) => RunForAsync(null, cancellationToken);

    /// <summary>Recomputes the KPIs named in <paramref name="kpiIds"/> (null: every KPI); unknown ids are skipped.</summary>
    public async Task RunForAsync(string[]? kpiIds, CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(cancellationToken);
        var failed = new List<string>();
        var wanted = kpiIds?.ToHashSet(StringComparer.Ordinal);
        foreach (var kpi in (await store.ListAsync(cancellationToken)).Where(k => wanted is null || wanted.Contains(k.Definition.Id!)))
        {
            try
            {
                await RecomputeAsync(kpi, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogKpiFailed(ex, kpi.Definition.Id!);
                failed.Add($"{kpi.Definition.Id}: {ex.Message}");
            }
        }

        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"SPC failed for {failed.Count} KPI(s): {string.Join(" | ", failed)}");
        }
    }

    public async Task<KpiSpcReport> RecomputeAsync(StoredKpi kpi, CancellationToken cancellationToken)
    {
        var report = await spc.ComputeAsync(kpi, cancellationToken);
        var last = report.Points.Count > 0 ? report.Points[^1] : null;
        await store.SaveResultAsync(new KpiSpcRecord(report.Kpi.Id, kpi.Revision, report.ComputedAt, report.Points.Count, last?.Date, last?.Value,
            Contract(report.Variation), Contract(report.Assurance), report.Narrative, report.Target?.Value,
            JsonSerializer.Serialize(report.Series, KpiJson.Options), JsonSerializer.Serialize(report, KpiJson.Options)), cancellationToken);
        topics.Ensure(report.Kpi.Id).Publish(KpiTilePayload.Of(report));
        return report;
    }

    private static string? Contract<T>(T? value)
        where T : struct, Enum => value is { } v ? JsonSerializer.Serialize(v, KpiJson.Options).Trim('"') : null;

    [LoggerMessage(4001, LogLevel.Error, "SPC for KPI {KpiId} failed")]
    private partial void LogKpiFailed(Exception exception, string kpiId);
}
