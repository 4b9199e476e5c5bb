using System.Globalization;
using System.Text.Json.Serialization;
using Bright.Analytics.Spc;
using Bright.Core.Kpis;
using Bright.Store.Events;
using Bright.Store.Kpis;

namespace Bright.Server.Kpis;

/// <summary>
/// A KPI's series from the store through <see cref="SpcEngine"/>, with the KPI's chart, profile and direction,
/// the operational target in force at the last point (else a local one), the constitutional standard and the
/// benchmark alongside, and narration in the KPI's unit.
/// </summary>
internal sealed class KpiSpcService(KpiStore store, TimeProvider clock)
{
    /// <summary>How many of the latest periods a chart shows: three years of months, two of weeks, six months of days.</summary>
    public static int WindowOf(string? frequency) => frequency switch
    {
        "monthly" => 36,
        "weekly" => 104,
        _ => 183,
    };

    /// <summary>The longest period of a frequency: a month may have 31 days.</summary>
    public static TimeSpan PeriodLengthOf(string? frequency) => TimeSpan.FromDays(frequency switch
    {
        "monthly" => 31,
        "weekly" => 7,
        _ => 1,
    });

    /// <summary>
    /// How far before its charted periods a KPI's SQL is given events: the live state's open-stay look-back, so a stay
    /// counted as stranded still finds its admission, as the bed boards do.
    /// </summary>
    public static TimeSpan LookBack => LiveStateReader.OpenStayLookBack;

    public async Task<KpiSpcReport> ComputeAsync(StoredKpi stored, CancellationToken cancellationToken)
    {
        var kpi = stored.Definition;
        var window = (await store.ReadLatestSeriesAsync(kpi.Sql!, WindowOf(kpi.Frequency), PeriodLengthOf(kpi.Frequency), LookBack,
            cancellationToken)).Rows;
        var warnings = new List<string>();
        var points = new List<SpcInputPoint>();
        foreach (var row in window)
        {
            if (ToPoint(kpi, row, warnings) is { } point)
            {
                points.Add(point);
            }
        }

        var summary = KpiSummary.Of(stored);
        var now = clock.GetUtcNow();
        if (points.Count == 0)
        {
            return new KpiSpcReport(summary, now, null, null, kpi.Benchmark, [], null, null,
                "No data yet: the KPI's SQL returned no periods with a value.", warnings, [], null, window);
        }

        var last = points[^1].Date;
        var targets = kpi.Targets ?? [];
        var target = targets.FirstOrDefault(t => t.Kind == "operational" && t.AppliesOn(last))
            ?? targets.FirstOrDefault(t => t.Kind == "local" && t.AppliesOn(last));
        var standard = targets.FirstOrDefault(t => t.Kind == "constitutional" && t.AppliesOn(last));
        var request = new SpcRequest
        {
            Chart = kpi.Chart,
            Profile = kpi.Profile ?? "nhsr",
            ImprovementDirection = kpi.ImprovementDirection,
            Target = kpi.ImprovementDirection == "neutral" ? null : target?.Value,
            Rebase = kpi.Rebase,
            ScreenOutliers = kpi.ScreenOutliers,
            Points = points,
        };
        var outcome = SpcEngine.Evaluate(request, Narration(kpi));
        if (outcome.Result is not { } result)
        {
            throw new InvalidOperationException(
                $"KPI '{kpi.Id}' produced a series SPC refuses: {string.Join("; ", outcome.Errors.Select(e => e.ToString()))}.");
        }

        warnings.AddRange(result.Warnings);
        return new KpiSpcReport(summary, now, target, standard, kpi.Benchmark, result.Points, result.Variation, result.Assurance,
            result.Narrative, warnings, result.Runs, result, window);
    }

    public static SpcNarrationOptions Narration(KpiDefinition kpi) => new()
    {
        Formatter = FormatterOf(kpi.Unit),
        DateStyle = kpi.Frequency switch
        {
            "monthly" => SpcDateStyle.Month,
            "weekly" => SpcDateStyle.Week,
            _ => SpcDateStyle.Day,
        },
    };

    public static SpcValueFormatter FormatterOf(string? unit) => unit switch
    {
        "percent" => SpcValueFormatter.Percent,
        "minutes" => new SpcValueFormatter(v => v.ToString("#,0.#", CultureInfo.InvariantCulture) + " min"),
        "hours" => new SpcValueFormatter(v => v.ToString("#,0.#", CultureInfo.InvariantCulture) + " h"),
        "days" => new SpcValueFormatter(v => v.ToString("#,0.#", CultureInfo.InvariantCulture) + " days"),
        _ => SpcValueFormatter.Number,
    };

    private static SpcInputPoint? ToPoint(KpiDefinition kpi, KpiSeriesRow row, List<string> warnings)
    {
        var period = row.Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (kpi.Chart is "p" or "u" or "c")
        {
            if (row.Numerator is not { } numerator || !double.IsFinite(numerator) || (kpi.Chart != "c" && row.Denominator is not > 0))
            {
                warnings.Add($"The period {period} has no usable numerator and denominator and is left out.");
                return null;
            }

            return new SpcInputPoint { Date = row.Period, Numerator = numerator, Denominator = row.Denominator };
        }

        var value = row.Value ?? (row.Denominator > 0 ? row.Numerator / row.Denominator : null);
        if (value is not { } v || !double.IsFinite(v))
        {
            warnings.Add($"The period {period} has no value (or a zero denominator) and is left out.");
            return null;
        }

        return new SpcInputPoint { Date = row.Period, Value = v };
    }
}

/// <summary>A KPI as the catalogue API shows it.</summary>
internal sealed record KpiSummary(string Id, string Name, string Domain, string Owner, string? Description, string Unit,
    string ImprovementDirection, string Chart, string Profile, string Frequency, int Revision)
{
    public static KpiSummary Of(StoredKpi stored)
    {
        var k = stored.Definition;
        return new KpiSummary(k.Id!, k.Name!, k.Domain!, k.Owner!, k.Description, k.Unit!, k.ImprovementDirection!, k.Chart!,
            k.Profile ?? "nhsr", k.Frequency!, stored.Revision);
    }
}

/// <summary>
/// <c>GET /api/kpis/{id}/spc</c>: the SPC response of the contract (points, variation, assurance, narrative)
/// with the KPI, the target used, the constitutional standard and the benchmark.
/// </summary>
internal sealed record KpiSpcReport(
    KpiSummary Kpi,
    DateTimeOffset ComputedAt,
    KpiTarget? Target,
    KpiTarget? ConstitutionalStandard,
    KpiBenchmark? Benchmark,
    IReadOnlyList<SpcPointResult> Points,
    SpcVariation? Variation,
    SpcAssurance? Assurance,
    string Narrative,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<SpcRunsAnalysis> Runs,
    [property: JsonIgnore] SpcResult? Result,
    [property: JsonIgnore] IReadOnlyList<KpiSeriesRow> Series);
