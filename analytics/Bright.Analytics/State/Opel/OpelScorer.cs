namespace Bright.Analytics.State.Opel;

/// <summary>
/// Scores OPEL parameters (DOMAIN.md §3): each parameter takes the highest level whose threshold it reaches
/// (inclusive), else 1; score = Σw·level / Σw over parameters with a value; the level is the highest cut-off
/// the score reaches. Pure and thread-safe.
/// </summary>
public static class OpelScorer
{
    /// <summary>Tolerance for "reaches" on proportions that are sums of doubles (92/100 must reach 0.92).</summary>
    private const double Epsilon = 1e-9;

    /// <summary>The level (1-4) of one parameter's value.</summary>
    public static int Level(OpelParameter parameter, double value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var level = 1;
        foreach (var (threshold, k) in new[] { (parameter.L2, 2), (parameter.L3, 3), (parameter.L4, 4) })
        {
            var reached = parameter.WorseWhen == OpelDirection.Higher ? value >= threshold - Epsilon : value <= threshold + Epsilon;
            if (reached)
            {
                level = k;
            }
        }

        return level;
    }

    /// <summary>
    /// Scores a site from its parameter values (a missing or non-finite value takes no part); null score and
    /// level when no parameter has a value.
    /// </summary>
    public static OpelSiteScore Score(OpelTable table, string site, IReadOnlyDictionary<string, double?> values, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(values);
        var rows = new List<OpelParameterValue>(table.Parameters.Count);
        double weighted = 0, weights = 0;
        foreach (var parameter in table.Parameters)
        {
            var value = values.GetValueOrDefault(parameter.Id);
            int? level = value is { } v && double.IsFinite(v) ? Level(parameter, v) : null;
            if (level is { } l)
            {
                weighted += parameter.Weight * l;
                weights += parameter.Weight;
            }

            rows.Add(new OpelParameterValue(parameter.Id, parameter.Definition, parameter.Unit, value is { } x && double.IsFinite(x) ? x : null,
                at, level, parameter.Weight));
        }

        double? score = weights > 0 ? weighted / weights : null;
        return new OpelSiteScore(site, table.SiteWeight(site), rows, score, score is { } s ? LevelOf(table, s) : null);
    }

    /// <summary>The OPEL level of a weighted score.</summary>
    public static int LevelOf(OpelTable table, double score)
    {
        ArgumentNullException.ThrowIfNull(table);
        var level = 1;
        foreach (var cutoff in table.Cutoffs.OrderBy(c => c.Level))
        {
            if (score >= cutoff.MinScore - Epsilon)
            {
                level = cutoff.Level;
            }
        }

        return level;
    }

    /// <summary>The trust roll-up: Σ(site weight · site score) / Σ site weight over sites with a score.</summary>
    public static OpelView RollUp(OpelTable table, IReadOnlyList<OpelSiteScore> sites, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sites);
        var scored = sites.Where(s => s.Score is not null && s.Weight > 0).ToList();
        var weights = scored.Sum(s => s.Weight);
        double? score = weights > 0 ? scored.Sum(s => s.Weight * s.Score!.Value) / weights : null;
        return new OpelView(at, table.Version, table.Label, table.Source, sites, score, score is { } v ? LevelOf(table, v) : null);
    }
}

/// <summary>One parameter's value and level at a time.</summary>
/// <param name="Id">The parameter id.</param>
/// <param name="Definition">What it measures.</param>
/// <param name="Unit"><c>minutes</c> or <c>proportion</c>.</param>
/// <param name="Value">The value; null when the site has nothing to measure (e.g. no ED).</param>
/// <param name="At">When the value was computed (UTC).</param>
/// <param name="Level">Its level 1-4; null without a value.</param>
/// <param name="Weight">Its weight in the site's score.</param>
public sealed record OpelParameterValue(string Id, string Definition, string Unit, double? Value, DateTimeOffset At, int? Level, double Weight);

/// <summary>A site's OPEL score.</summary>
/// <param name="Site">The site's code.</param>
/// <param name="Weight">The site's weight in the trust roll-up.</param>
/// <param name="Parameters">Every parameter with its value and level.</param>
/// <param name="Score">Σw·level / Σw; null when no parameter has a value.</param>
/// <param name="Level">OPEL 1-4 from the cut-offs; null without a score.</param>
public sealed record OpelSiteScore(string Site, double Weight, IReadOnlyList<OpelParameterValue> Parameters, double? Score, int? Level);

/// <summary>The <c>opel</c> topic: every site and the trust.</summary>
/// <param name="AsOf">When it was computed (UTC).</param>
/// <param name="Version">The OPEL table version used.</param>
/// <param name="Label">E.g. "indicative".</param>
/// <param name="Source">Where the table's thresholds come from.</param>
/// <param name="Sites">Each site's score.</param>
/// <param name="TrustScore">The weighted trust score; null when no site has a score.</param>
/// <param name="TrustLevel">The trust's OPEL level.</param>
public sealed record OpelView(DateTimeOffset AsOf, string Version, string Label, string Source, IReadOnlyList<OpelSiteScore> Sites,
    double? TrustScore, int? TrustLevel)
{
    /// <summary>The local (Europe/London) date the table version used took effect; null when not known.</summary>
    public DateOnly? EffectiveFrom { get; init; }
}
