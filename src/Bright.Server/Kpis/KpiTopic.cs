using Bright.Analytics.Spc;
using Bright.Server.Live;

namespace Bright.Server.Kpis;

/// <summary>
/// The <c>kpi:{id}</c> topic for wallboard tiles: the latest value, variation, assurance, narrative and a
/// short sparkline. A new computation replaces the state; the delta is the whole new state.
/// </summary>
internal sealed class KpiTopic(string kpiId, KpiTilePayload? initial, string? name = null, string? unit = null) : LiveTopic(NameOf(kpiId))
{
    private KpiTilePayload? _current = initial;
    private int _changed;

    public string KpiId { get; } = kpiId;

    public KpiTilePayload? Current => Volatile.Read(ref _current);

    public static string NameOf(string kpiId) => $"kpi:{kpiId}";

    public void Publish(KpiTilePayload payload)
    {
        Volatile.Write(ref _current, payload);
        Interlocked.Exchange(ref _changed, 1);
    }

    protected override object BuildSnapshot() => Current ?? KpiTilePayload.NotComputed(KpiId, name, unit);

    protected override object? BuildDelta() => Interlocked.Exchange(ref _changed, 0) == 1 ? Current : null;
}

/// <summary>The data of a <c>kpi:{id}</c> topic.</summary>
internal sealed record KpiTilePayload(
    string KpiId,
    string? Name,
    string? Unit,
    DateTimeOffset? ComputedAt,
    DateOnly? LatestPeriod,
    double? LatestValue,
    SpcVariation? Variation,
    SpcAssurance? Assurance,
    double? Target,
    string Narrative,
    IReadOnlyList<KpiSparkPoint> Sparkline,
    string? Owner = null)
{
    /// <summary>How many of the latest points a tile's sparkline shows.</summary>
    public const int SparklineLength = 12;

    public static KpiTilePayload NotComputed(string kpiId, string? name = null, string? unit = null) =>
        new(kpiId, name, unit, null, null, null, null, null, null, "Not computed yet: it is computed when its data arrives, and every hour.", []);

    public static KpiTilePayload Of(KpiSpcReport report)
    {
        var last = report.Points.Count > 0 ? report.Points[^1] : null;
        return new KpiTilePayload(report.Kpi.Id, report.Kpi.Name, report.Kpi.Unit, report.ComputedAt, last?.Date, last?.Value,
            report.Variation, report.Assurance, report.Target?.Value, report.Narrative,
            [.. report.Points.Skip(Math.Max(0, report.Points.Count - SparklineLength)).Select(p => new KpiSparkPoint(p.Date, p.Value, p.PointType))],
            report.Kpi.Owner);
    }
}

/// <summary>One point of a tile's sparkline.</summary>
internal sealed record KpiSparkPoint(DateOnly Date, double Value, SpcPointType PointType);
