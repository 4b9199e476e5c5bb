namespace Bright.Analytics.Spc;

/// <summary>
/// A validated request: points sorted by date, with the chart's raw figures in parallel arrays and each
/// point's rebase group. Built only by <see cref="SpcRequestValidator"/>.
/// </summary>
internal sealed class SpcSeries
{
    public required SpcChart Chart { get; init; }

    public required SpcSettings Settings { get; init; }

    public required ImprovementDirection Direction { get; init; }

    public required double? Target { get; init; }

    public required int? FixAfterPoints { get; init; }

    public required DateOnly[] Dates { get; init; }

    /// <summary>xmr: the value; p, u, c: the numerator; xbar, s: the subgroup mean.</summary>
    public required double[] Primary { get; init; }

    /// <summary>p, u: the denominator; xbar, s: the subgroup size; otherwise 1.</summary>
    public required double[] Size { get; init; }

    /// <summary>xbar, s: the subgroup's sample standard deviation; otherwise 0.</summary>
    public required double[] Spread { get; init; }

    /// <summary>Each point's rebase group (DOMAIN.md 1.1).</summary>
    public required int[] Group { get; init; }

    /// <summary>The index of the first point of each group, in order, then <see cref="Count"/>.</summary>
    public required int[] GroupStarts { get; init; }

    public int Count => Dates.Length;

    public int GroupCount => GroupStarts.Length - 1;
}
