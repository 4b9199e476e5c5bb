using System.Text.Json.Serialization;

namespace Bright.Analytics.Spc;

/// <summary>How a point flagged both ways (improvement and concern) is labelled.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpcConflictResolution>))]
public enum SpcConflictResolution
{
    /// <summary>NHSRplotthedots' fixed precedence: outside, trend, two-in-three, shift (DOMAIN.md 1.4).</summary>
    [JsonStringEnumMemberName("precedence")]
    Precedence,

    /// <summary>NHS England SQL: each direction is ranked by its strongest rule, the higher wins (DOMAIN.md 1.7).</summary>
    [JsonStringEnumMemberName("rule_rank")]
    RuleRank,
}

/// <summary>The side a tie of rule ranks goes to, the metric's conflict rule in the NHS England SQL.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpcConflictTie>))]
public enum SpcConflictTie
{
    /// <summary>A tie is labelled improvement.</summary>
    [JsonStringEnumMemberName("improvement")]
    Improvement,

    /// <summary>A tie is labelled concern.</summary>
    [JsonStringEnumMemberName("concern")]
    Concern,
}

/// <summary>
/// A profile: every setting where NHSRplotthedots 0.2.2 (<see cref="Nhsr"/>) and NHS England's SPC SQL
/// v2.6 (<see cref="Nhse"/>) differ (DOMAIN.md 1.7). Immutable; change one setting with <c>with</c> or
/// <see cref="With(SpcSettingsOverrides?)"/>.
/// </summary>
public sealed record SpcSettings
{
    /// <summary>NHSRplotthedots 0.2.2, the default profile (DOMAIN.md 1.2–1.6).</summary>
    public static readonly SpcSettings Nhsr = new()
    {
        ShiftLength = 7,
        TrendLength = 7,
        TrendCrossesRebases = false,
        ScreenOutliers = true,
        ScreenInclusive = false,
        ScreenRecomputesMean = false,
        TwoInThreeIncludesBeyondLimits = false,
        ConflictResolution = SpcConflictResolution.Precedence,
        ConflictTie = SpcConflictTie.Concern,
        AssuranceInclusive = false,
        AssuranceNullWithoutLimits = false,
        RunChartBelowPoints = 0,
        ShortGroupWarningBelowPoints = 13,
    };

    /// <summary>NHS England SPC Charts SQL Query v2.6 defaults (DOMAIN.md 1.7).</summary>
    public static readonly SpcSettings Nhse = new()
    {
        ShiftLength = 6,
        TrendLength = 6,
        TrendCrossesRebases = true,
        ScreenOutliers = false,
        ScreenInclusive = true,
        ScreenRecomputesMean = true,
        TwoInThreeIncludesBeyondLimits = true,
        ConflictResolution = SpcConflictResolution.RuleRank,
        ConflictTie = SpcConflictTie.Concern,
        AssuranceInclusive = true,
        AssuranceNullWithoutLimits = true,
        RunChartBelowPoints = 13,
        ShortGroupWarningBelowPoints = 12,
    };

    /// <summary>Points on one side of the mean that make a shift: 7 (nhsr), 6 (nhse).</summary>
    public required int ShiftLength { get; init; }

    /// <summary>Consecutive strictly rising or falling points, both ends included, that make a trend: 7 or 6.</summary>
    public required int TrendLength { get; init; }

    /// <summary>Whether a trend is sought over the whole series (nhse) rather than within each group (nhsr).</summary>
    public required bool TrendCrossesRebases { get; init; }

    /// <summary>Whether large moving ranges are screened out of the average moving range by default.</summary>
    public required bool ScreenOutliers { get; init; }

    /// <summary>Screening keeps MR ≤ 3.267·AMR₀ (nhse) rather than MR &lt; 3.267·AMR₀ (nhsr).</summary>
    public required bool ScreenInclusive { get; init; }

    /// <summary>Screening also drops, from the mean, each point whose own moving range was screened out (nhse).</summary>
    public required bool ScreenRecomputesMean { get; init; }

    /// <summary>A point beyond a limit counts as beyond the 2σ line for two-in-three (nhse).</summary>
    public required bool TwoInThreeIncludesBeyondLimits { get; init; }

    /// <summary>How a point flagged both as improvement and concern is labelled.</summary>
    public required SpcConflictResolution ConflictResolution { get; init; }

    /// <summary>The side a tie goes to under <see cref="SpcConflictResolution.RuleRank"/>; not used by precedence.</summary>
    public required SpcConflictTie ConflictTie { get; init; }

    /// <summary>Assurance treats a target exactly on a limit as beyond it (nhse) rather than inconsistent (nhsr).</summary>
    public required bool AssuranceInclusive { get; init; }

    /// <summary>Assurance is null, not <c>inconsistent</c>, when the last point has no limits (nhse).</summary>
    public required bool AssuranceNullWithoutLimits { get; init; }

    /// <summary>A group with fewer points is a run chart: no limits, rules or icons (nhse 13; 0 turns it off).</summary>
    public required int RunChartBelowPoints { get; init; }

    /// <summary>A group with fewer points gets a short-group warning and provisional narration (nhsr 13, nhse 12).</summary>
    public required int ShortGroupWarningBelowPoints { get; init; }

    /// <summary>The settings of a profile name, or null when the name is not <c>nhsr</c> or <c>nhse</c>.</summary>
    public static SpcSettings? ForProfile(string? profile) => profile switch
    {
        null or "nhsr" => Nhsr,
        "nhse" => Nhse,
        _ => null,
    };

    /// <summary>These settings with each non-null override applied.</summary>
    public SpcSettings With(SpcSettingsOverrides? overrides) => overrides is null ? this : this with
    {
        ShiftLength = overrides.ShiftLength ?? ShiftLength,
        TrendLength = overrides.TrendLength ?? TrendLength,
        TrendCrossesRebases = overrides.TrendCrossesRebases ?? TrendCrossesRebases,
        ScreenOutliers = overrides.ScreenOutliers ?? ScreenOutliers,
        ScreenInclusive = overrides.ScreenInclusive ?? ScreenInclusive,
        ScreenRecomputesMean = overrides.ScreenRecomputesMean ?? ScreenRecomputesMean,
        TwoInThreeIncludesBeyondLimits = overrides.TwoInThreeIncludesBeyondLimits ?? TwoInThreeIncludesBeyondLimits,
        ConflictResolution = overrides.ConflictResolution ?? ConflictResolution,
        ConflictTie = overrides.ConflictTie ?? ConflictTie,
        AssuranceInclusive = overrides.AssuranceInclusive ?? AssuranceInclusive,
        AssuranceNullWithoutLimits = overrides.AssuranceNullWithoutLimits ?? AssuranceNullWithoutLimits,
        RunChartBelowPoints = overrides.RunChartBelowPoints ?? RunChartBelowPoints,
        ShortGroupWarningBelowPoints = overrides.ShortGroupWarningBelowPoints ?? ShortGroupWarningBelowPoints,
    };
}

/// <summary>Per-KPI or per-request changes to single settings of a profile; null keeps the profile's value.</summary>
public sealed record SpcSettingsOverrides
{
    /// <inheritdoc cref="SpcSettings.ShiftLength"/>
    public int? ShiftLength { get; init; }

    /// <inheritdoc cref="SpcSettings.TrendLength"/>
    public int? TrendLength { get; init; }

    /// <inheritdoc cref="SpcSettings.TrendCrossesRebases"/>
    public bool? TrendCrossesRebases { get; init; }

    /// <inheritdoc cref="SpcSettings.ScreenOutliers"/>
    public bool? ScreenOutliers { get; init; }

    /// <inheritdoc cref="SpcSettings.ScreenInclusive"/>
    public bool? ScreenInclusive { get; init; }

    /// <inheritdoc cref="SpcSettings.ScreenRecomputesMean"/>
    public bool? ScreenRecomputesMean { get; init; }

    /// <inheritdoc cref="SpcSettings.TwoInThreeIncludesBeyondLimits"/>
    public bool? TwoInThreeIncludesBeyondLimits { get; init; }

    /// <inheritdoc cref="SpcSettings.ConflictResolution"/>
    public SpcConflictResolution? ConflictResolution { get; init; }

    /// <inheritdoc cref="SpcSettings.ConflictTie"/>
    public SpcConflictTie? ConflictTie { get; init; }

    /// <inheritdoc cref="SpcSettings.AssuranceInclusive"/>
    public bool? AssuranceInclusive { get; init; }

    /// <inheritdoc cref="SpcSettings.AssuranceNullWithoutLimits"/>
    public bool? AssuranceNullWithoutLimits { get; init; }

    /// <inheritdoc cref="SpcSettings.RunChartBelowPoints"/>
    public int? RunChartBelowPoints { get; init; }

    /// <inheritdoc cref="SpcSettings.ShortGroupWarningBelowPoints"/>
    public int? ShortGroupWarningBelowPoints { get; init; }
}
