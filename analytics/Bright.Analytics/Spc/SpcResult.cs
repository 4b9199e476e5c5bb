namespace Bright.Analytics.Spc;

/// <summary>
/// The analysis of a series, shaped as DESIGN.md's "POST /api/spc" response: serialise it with
/// <c>JsonSerializerOptions.Web</c> (camelCase) and the enums write their contract strings. No number
/// is NaN or infinite; limits of a group without variation are null.
/// </summary>
/// <param name="Points">Every point in date order.</param>
/// <param name="Variation">The variation icon of the last point (DOMAIN.md 1.5).</param>
/// <param name="Assurance">The assurance icon; null with no target, a neutral direction, or (nhse) no limits.</param>
/// <param name="Narrative">One sentence built from the facts above (DOMAIN.md 1.11).</param>
/// <param name="Warnings">Short groups, run charts and other caveats, one sentence each.</param>
/// <param name="Runs">The Anhøj runs analysis of each group (DOMAIN.md 1.10), in group order.</param>
public sealed record SpcResult(
    IReadOnlyList<SpcPointResult> Points,
    SpcVariation Variation,
    SpcAssurance? Assurance,
    string Narrative,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<SpcRunsAnalysis> Runs);

/// <summary>One point of a result.</summary>
/// <param name="Date">The period's date.</param>
/// <param name="Value">The plotted value: the value (xmr), yᵢ/nᵢ (p, u), the count (c), the subgroup mean or SD.</param>
/// <param name="Mean">The centre line of the point's group.</param>
/// <param name="Lpl">Lower process limit; null when the group has no variation or is a run chart.</param>
/// <param name="Upl">Upper process limit; null as <paramref name="Lpl"/>.</param>
/// <param name="Lower2Sigma">The lower 2σ line; null as <paramref name="Lpl"/>.</param>
/// <param name="Upper2Sigma">The upper 2σ line; null as <paramref name="Lpl"/>.</param>
/// <param name="RebaseGroup">How many rebase dates have been reached up to and including this point.</param>
/// <param name="PointType">The point's label (DOMAIN.md 1.4, or rule rank under nhse).</param>
/// <param name="Rules">Every rule the point meets, in <see cref="SpcRule"/> order.</param>
public sealed record SpcPointResult(
    DateOnly Date,
    double Value,
    double Mean,
    double? Lpl,
    double? Upl,
    double? Lower2Sigma,
    double? Upper2Sigma,
    int RebaseGroup,
    SpcPointType PointType,
    IReadOnlyList<SpcRule> Rules);

/// <summary>The Anhøj runs analysis of one group (qicharts2 0.8.1, DOMAIN.md 1.10).</summary>
/// <param name="RebaseGroup">The group analysed.</param>
/// <param name="UsefulPoints">Points not exactly on the centre line.</param>
/// <param name="LongestRun">The longest streak of useful points on one side of the centre line.</param>
/// <param name="LongestRunMax">round(log₂ n) + 3: a longer run signals.</param>
/// <param name="Crossings">How often consecutive useful points change side.</param>
/// <param name="CrossingsMin">qbinom(0.05, n − 1, 0.5): fewer crossings signal.</param>
/// <param name="Signal">Whether either test signals; it marks the whole group as non-random.</param>
public sealed record SpcRunsAnalysis(
    int RebaseGroup,
    int UsefulPoints,
    int LongestRun,
    int LongestRunMax,
    int Crossings,
    int CrossingsMin,
    bool Signal);
