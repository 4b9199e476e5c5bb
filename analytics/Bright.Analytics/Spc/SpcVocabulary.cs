using System.Text.Json.Serialization;

namespace Bright.Analytics.Spc;

/// <summary>
/// The label of one point (DOMAIN.md 1.4). Serialises to the DESIGN.md "POST /api/spc" strings, e.g.
/// <c>special_cause_improvement</c>; <see cref="SpcVocabulary.ToContractString(SpcPointType)"/> gives the same.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpcPointType>))]
public enum SpcPointType
{
    /// <summary>No special-cause rule labels the point.</summary>
    [JsonStringEnumMemberName("common_cause")]
    CommonCause,

    /// <summary>Special cause in the metric's direction of improvement.</summary>
    [JsonStringEnumMemberName("special_cause_improvement")]
    SpecialCauseImprovement,

    /// <summary>Special cause against the metric's direction of improvement.</summary>
    [JsonStringEnumMemberName("special_cause_concern")]
    SpecialCauseConcern,

    /// <summary>Special cause upwards for a metric with no direction of improvement.</summary>
    [JsonStringEnumMemberName("special_cause_neutral_high")]
    SpecialCauseNeutralHigh,

    /// <summary>Special cause downwards for a metric with no direction of improvement.</summary>
    [JsonStringEnumMemberName("special_cause_neutral_low")]
    SpecialCauseNeutralLow,
}

/// <summary>A special-cause rule a point meets (DOMAIN.md 1.3, NHS England "Making Data Count").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpcRule>))]
public enum SpcRule
{
    /// <summary>Strictly above the upper process limit.</summary>
    [JsonStringEnumMemberName("outside_upper")]
    OutsideUpper,

    /// <summary>Strictly below the lower process limit.</summary>
    [JsonStringEnumMemberName("outside_lower")]
    OutsideLower,

    /// <summary>Part of a run of consecutive strictly rising points of the profile's trend length.</summary>
    [JsonStringEnumMemberName("trend_increasing")]
    TrendIncreasing,

    /// <summary>Part of a run of consecutive strictly falling points of the profile's trend length.</summary>
    [JsonStringEnumMemberName("trend_decreasing")]
    TrendDecreasing,

    /// <summary>Beyond the upper 2σ line with another such point in a window of three above the mean.</summary>
    [JsonStringEnumMemberName("two_in_three_above")]
    TwoInThreeAbove,

    /// <summary>Beyond the lower 2σ line with another such point in a window of three below the mean.</summary>
    [JsonStringEnumMemberName("two_in_three_below")]
    TwoInThreeBelow,

    /// <summary>Part of a run of points strictly above the mean of the profile's shift length.</summary>
    [JsonStringEnumMemberName("shift_above")]
    ShiftAbove,

    /// <summary>Part of a run of points strictly below the mean of the profile's shift length.</summary>
    [JsonStringEnumMemberName("shift_below")]
    ShiftBelow,
}

/// <summary>The variation icon, from the last point's type and the improvement direction (DOMAIN.md 1.5).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpcVariation>))]
public enum SpcVariation
{
    /// <summary>Common cause variation.</summary>
    [JsonStringEnumMemberName("common_cause")]
    CommonCause,

    /// <summary>Improvement by higher values (direction increase).</summary>
    [JsonStringEnumMemberName("improvement_high")]
    ImprovementHigh,

    /// <summary>Improvement by lower values (direction decrease).</summary>
    [JsonStringEnumMemberName("improvement_low")]
    ImprovementLow,

    /// <summary>Concern by higher values (direction decrease).</summary>
    [JsonStringEnumMemberName("concern_high")]
    ConcernHigh,

    /// <summary>Concern by lower values (direction increase).</summary>
    [JsonStringEnumMemberName("concern_low")]
    ConcernLow,

    /// <summary>Special cause upwards, direction neutral.</summary>
    [JsonStringEnumMemberName("neutral_high")]
    NeutralHigh,

    /// <summary>Special cause downwards, direction neutral.</summary>
    [JsonStringEnumMemberName("neutral_low")]
    NeutralLow,
}

/// <summary>The assurance icon: the target against the last point's limits (DOMAIN.md 1.5).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpcAssurance>))]
public enum SpcAssurance
{
    /// <summary>The process will consistently meet the target.</summary>
    [JsonStringEnumMemberName("pass")]
    Pass,

    /// <summary>The process will consistently miss the target.</summary>
    [JsonStringEnumMemberName("fail")]
    Fail,

    /// <summary>The process will randomly hit and miss the target.</summary>
    [JsonStringEnumMemberName("inconsistent")]
    Inconsistent,
}

/// <summary>Which way is better for a metric.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImprovementDirection>))]
public enum ImprovementDirection
{
    /// <summary>Higher is better.</summary>
    [JsonStringEnumMemberName("increase")]
    Increase,

    /// <summary>Lower is better.</summary>
    [JsonStringEnumMemberName("decrease")]
    Decrease,

    /// <summary>Neither way is better.</summary>
    [JsonStringEnumMemberName("neutral")]
    Neutral,
}

/// <summary>The chart computed (DOMAIN.md 1.2 for XmR, 1.9 for the others).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpcChart>))]
public enum SpcChart
{
    /// <summary>Individuals and moving range chart on <see cref="SpcInputPoint.Value"/>.</summary>
    [JsonStringEnumMemberName("xmr")]
    Xmr,

    /// <summary>Proportion chart on numerator over denominator.</summary>
    [JsonStringEnumMemberName("p")]
    P,

    /// <summary>Rate chart on numerator over denominator.</summary>
    [JsonStringEnumMemberName("u")]
    U,

    /// <summary>Count chart on the numerator.</summary>
    [JsonStringEnumMemberName("c")]
    C,

    /// <summary>Subgroup mean chart on <see cref="SpcInputPoint.Values"/>.</summary>
    [JsonStringEnumMemberName("xbar")]
    Xbar,

    /// <summary>Subgroup standard deviation chart on <see cref="SpcInputPoint.Values"/>.</summary>
    [JsonStringEnumMemberName("s")]
    S,
}

/// <summary>The contract strings of DESIGN.md "POST /api/spc", for callers that do not serialise with System.Text.Json.</summary>
public static class SpcVocabulary
{
    /// <summary>The contract string of a point type, e.g. <c>special_cause_concern</c>.</summary>
    public static string ToContractString(this SpcPointType value) => value switch
    {
        SpcPointType.CommonCause => "common_cause",
        SpcPointType.SpecialCauseImprovement => "special_cause_improvement",
        SpcPointType.SpecialCauseConcern => "special_cause_concern",
        SpcPointType.SpecialCauseNeutralHigh => "special_cause_neutral_high",
        SpcPointType.SpecialCauseNeutralLow => "special_cause_neutral_low",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a point type."),
    };

    /// <summary>The contract string of a rule, e.g. <c>two_in_three_above</c>.</summary>
    public static string ToContractString(this SpcRule value) => value switch
    {
        SpcRule.OutsideUpper => "outside_upper",
        SpcRule.OutsideLower => "outside_lower",
        SpcRule.TrendIncreasing => "trend_increasing",
        SpcRule.TrendDecreasing => "trend_decreasing",
        SpcRule.TwoInThreeAbove => "two_in_three_above",
        SpcRule.TwoInThreeBelow => "two_in_three_below",
        SpcRule.ShiftAbove => "shift_above",
        SpcRule.ShiftBelow => "shift_below",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a rule."),
    };

    /// <summary>The contract string of a variation icon, e.g. <c>improvement_high</c>.</summary>
    public static string ToContractString(this SpcVariation value) => value switch
    {
        SpcVariation.CommonCause => "common_cause",
        SpcVariation.ImprovementHigh => "improvement_high",
        SpcVariation.ImprovementLow => "improvement_low",
        SpcVariation.ConcernHigh => "concern_high",
        SpcVariation.ConcernLow => "concern_low",
        SpcVariation.NeutralHigh => "neutral_high",
        SpcVariation.NeutralLow => "neutral_low",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a variation icon."),
    };

    /// <summary>The contract string of an assurance icon; null (JSON <c>null</c>) when there is none.</summary>
    public static string? ToContractString(this SpcAssurance? value) => value switch
    {
        null => null,
        SpcAssurance.Pass => "pass",
        SpcAssurance.Fail => "fail",
        SpcAssurance.Inconsistent => "inconsistent",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not an assurance icon."),
    };

    /// <summary>The contract string of a direction: <c>increase</c>, <c>decrease</c> or <c>neutral</c>.</summary>
    public static string ToContractString(this ImprovementDirection value) => value switch
    {
        ImprovementDirection.Increase => "increase",
        ImprovementDirection.Decrease => "decrease",
        ImprovementDirection.Neutral => "neutral",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a direction."),
    };

    /// <summary>The contract string of a chart: <c>xmr</c>, <c>p</c>, <c>u</c>, <c>c</c>, <c>xbar</c> or <c>s</c>.</summary>
    public static string ToContractString(this SpcChart value) => value switch
    {
        SpcChart.Xmr => "xmr",
        SpcChart.P => "p",
        SpcChart.U => "u",
        SpcChart.C => "c",
        SpcChart.Xbar => "xbar",
        SpcChart.S => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a chart."),
    };
}
