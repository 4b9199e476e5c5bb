namespace Bright.Core.Kpis;

/// <summary>
/// One KPI of the catalogue (issue 4; DOMAIN.md §2): who owns it, how it is measured, which way is better,
/// its targets with effective dates and sources, and the read-only SQL over the store that yields its
/// series. Enumerated fields are strings so a validator can name a bad value and its field rather than
/// failing deserialisation; the allowed values are in <see cref="KpiVocabulary"/>. Immutable.
/// </summary>
public sealed record KpiDefinition
{
    /// <summary>Stable id in lower-case kebab case, e.g. <c>ed-4-hour</c>; the live topic is <c>kpi:{id}</c>.</summary>
    public string? Id { get; init; }

    /// <summary>The name shown on tiles and charts.</summary>
    public string? Name { get; init; }

    /// <summary>performance, quality, workforce or finance.</summary>
    public string? Domain { get; init; }

    /// <summary>The role accountable for the indicator.</summary>
    public string? Owner { get; init; }

    /// <summary>What the KPI measures, in a sentence.</summary>
    public string? Description { get; init; }

    /// <summary>percent (a proportion, 0.95 shown as 95%), count, minutes, hours or days.</summary>
    public string? Unit { get; init; }

    /// <summary>increase, decrease or neutral.</summary>
    public string? ImprovementDirection { get; init; }

    /// <summary>The SPC chart: xmr, p, u or c.</summary>
    public string? Chart { get; init; }

    /// <summary>The SPC profile: nhsr (default) or nhse.</summary>
    public string? Profile { get; init; }

    /// <summary>daily, weekly (periods start on Monday) or monthly (periods start on the 1st).</summary>
    public string? Frequency { get; init; }

    /// <summary>
    /// A read-only SELECT over the store returning <c>(period, value)</c> or <c>(period, numerator, denominator)</c>,
    /// one row per period, where period is a DATE or TIMESTAMP in Europe/London local time.
    /// </summary>
    public string? Sql { get; init; }

    /// <summary>A benchmark or reference range to read the KPI against.</summary>
    public KpiBenchmark? Benchmark { get; init; }

    /// <summary>Targets with their kinds and effective dates; may be empty.</summary>
    public IReadOnlyList<KpiTarget>? Targets { get; init; }

    /// <summary>Dates on which SPC limits are recalculated (a process change); null for none.</summary>
    public IReadOnlyList<DateOnly>? Rebase { get; init; }

    /// <summary>Moving-range screening; null takes the profile's default.</summary>
    public bool? ScreenOutliers { get; init; }
}

/// <summary>
/// A target as a row of <c>kpi_target</c> (DOMAIN.md §2): "by March YYYY" applies to the financial year
/// ending then, until a later row replaces it.
/// </summary>
public sealed record KpiTarget
{
    /// <summary>constitutional, operational or local.</summary>
    public string? Kind { get; init; }

    /// <summary>How a value meets it: <c>&gt;=</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&lt;</c> or <c>=</c>.</summary>
    public string? Comparator { get; init; }

    /// <summary>The target in the KPI's unit (a proportion for percent).</summary>
    public double? Value { get; init; }

    /// <summary>First day it applies (inclusive).</summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>Last day it applies (inclusive); null while in force.</summary>
    public DateOnly? EffectiveTo { get; init; }

    /// <summary>Where the number comes from, e.g. "NHS Constitution".</summary>
    public string? Source { get; init; }

    /// <summary>Whether the target applies on <paramref name="date"/>.</summary>
    public bool AppliesOn(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is null || date <= EffectiveTo);
}

/// <summary>A benchmark (one value) or a reference range (lower and/or upper bound), with its source.</summary>
public sealed record KpiBenchmark
{
    /// <summary>What it is, e.g. "RCEM safe occupancy level".</summary>
    public string? Label { get; init; }

    /// <summary>A single benchmark value, in the KPI's unit; null for a range.</summary>
    public double? Value { get; init; }

    /// <summary>The lower end of a reference range; null when open.</summary>
    public double? Lower { get; init; }

    /// <summary>The upper end of a reference range; null when open.</summary>
    public double? Upper { get; init; }

    /// <summary>Where it comes from.</summary>
    public string? Source { get; init; }
}

/// <summary>The values the catalogue's enumerated fields may take.</summary>
public static class KpiVocabulary
{
    /// <summary>Allowed <see cref="KpiDefinition.Domain"/> values.</summary>
    public static readonly IReadOnlyList<string> Domains = ["performance", "quality", "workforce", "finance"];

    /// <summary>Allowed <see cref="KpiDefinition.Unit"/> values.</summary>
    public static readonly IReadOnlyList<string> Units = ["percent", "count", "minutes", "hours", "days"];

    /// <summary>Allowed <see cref="KpiDefinition.ImprovementDirection"/> values.</summary>
    public static readonly IReadOnlyList<string> Directions = ["increase", "decrease", "neutral"];

    /// <summary>Allowed <see cref="KpiDefinition.Chart"/> values.</summary>
    public static readonly IReadOnlyList<string> Charts = ["xmr", "p", "u", "c"];

    /// <summary>Allowed <see cref="KpiDefinition.Profile"/> values.</summary>
    public static readonly IReadOnlyList<string> Profiles = ["nhsr", "nhse"];

    /// <summary>Allowed <see cref="KpiDefinition.Frequency"/> values.</summary>
    public static readonly IReadOnlyList<string> Frequencies = ["daily", "weekly", "monthly"];

    /// <summary>Allowed <see cref="KpiTarget.Kind"/> values (DOMAIN.md §2).</summary>
    public static readonly IReadOnlyList<string> TargetKinds = ["constitutional", "operational", "local"];

    /// <summary>Allowed <see cref="KpiTarget.Comparator"/> values.</summary>
    public static readonly IReadOnlyList<string> Comparators = [">=", ">", "<=", "<", "="];
}
