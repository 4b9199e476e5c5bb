namespace Bright.Analytics.Spc;

/// <summary>
/// A series to analyse, shaped as DESIGN.md's "POST /api/spc" request so the server can deserialise the
/// body straight into it (camelCase names). Enumerated fields stay strings here so that an unknown value
/// is reported by <see cref="SpcEngine.Evaluate(SpcRequest, SpcNarrationOptions?)"/> as a validation
/// error naming the field, rather than failing deserialisation.
/// </summary>
public sealed record SpcRequest
{
    /// <summary><c>xmr</c> (default), <c>p</c>, <c>u</c>, <c>c</c>, <c>xbar</c> or <c>s</c>.</summary>
    public string? Chart { get; init; } = "xmr";

    /// <summary><c>nhsr</c> (default, NHSRplotthedots 0.2.2) or <c>nhse</c> (NHS England SPC SQL v2.6).</summary>
    public string? Profile { get; init; } = "nhsr";

    /// <summary><c>increase</c>, <c>decrease</c> or <c>neutral</c>; required.</summary>
    public string? ImprovementDirection { get; init; }

    /// <summary>The target in the series' own unit (a proportion such as 0.95 for p charts); null for none.</summary>
    public double? Target { get; init; }

    /// <summary>Dates on which a new group (fresh limits) starts; a date matching no point is ignored.</summary>
    public IReadOnlyList<DateOnly>? Rebase { get; init; }

    /// <summary>When set, only the first k points of each group set its centre line and limits (k ≥ 2).</summary>
    public int? FixAfterPoints { get; init; }

    /// <summary>Moving-range screening for XmR charts; null takes the profile's default.</summary>
    public bool? ScreenOutliers { get; init; }

    /// <summary>Overrides of single profile settings for this request; null keeps the profile's values.</summary>
    public SpcSettingsOverrides? Settings { get; init; }

    /// <summary>The points, in any order; they are sorted by date.</summary>
    public IReadOnlyList<SpcInputPoint>? Points { get; init; }
}

/// <summary>One period of a series. Which fields are needed depends on the chart.</summary>
public sealed record SpcInputPoint
{
    /// <summary>The period's date (first day of the month or week, or the day).</summary>
    public DateOnly Date { get; init; }

    /// <summary>The value, for <c>xmr</c>.</summary>
    public double? Value { get; init; }

    /// <summary>The count, for <c>p</c>, <c>u</c> and <c>c</c>.</summary>
    public double? Numerator { get; init; }

    /// <summary>The denominator, for <c>p</c> and <c>u</c> (for <c>c</c> it is ignored).</summary>
    public double? Denominator { get; init; }

    /// <summary>The subgroup's observations, for <c>xbar</c> and <c>s</c> (at least two).</summary>
    public IReadOnlyList<double>? Values { get; init; }
}
