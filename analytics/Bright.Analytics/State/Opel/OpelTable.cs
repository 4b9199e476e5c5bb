namespace Bright.Analytics.State.Opel;

/// <summary>
/// A version of the trust's OPEL table (DOMAIN.md §3: <c>opel_parameter</c>, <c>opel_cutoff</c> and site
/// weights). The shipped version is DOMAIN.md's illustrative example, labelled "indicative".
/// </summary>
public sealed class OpelTable
{
    /// <summary>The version every computed level is stamped with, for audit.</summary>
    public string Version { get; set; } = "";

    /// <summary>Shown beside the level, e.g. "indicative" until the trust signs the table off.</summary>
    public string Label { get; set; } = "";

    /// <summary>Where the thresholds come from.</summary>
    public string Source { get; set; } = "";

    /// <summary>The first local date this version applies to.</summary>
    public DateOnly ValidFrom { get; set; }

    /// <summary>The parameters, each with its thresholds and weight.</summary>
    public IReadOnlyList<OpelParameter> Parameters { get; set; } = [];

    /// <summary>The minimum weighted score of each level above 1.</summary>
    public IReadOnlyList<OpelCutoff> Cutoffs { get; set; } = [];

    /// <summary>Weights of sites in the trust roll-up; a site not listed weighs 1.</summary>
    public IReadOnlyDictionary<string, double> SiteWeights { get; set; } = new Dictionary<string, double>();

    /// <summary>The weight of <paramref name="site"/> in the trust roll-up.</summary>
    public double SiteWeight(string site) => SiteWeights.TryGetValue(site, out var w) ? w : 1;

    internal IEnumerable<string> Validate(string section)
    {
        if (string.IsNullOrWhiteSpace(Version))
        {
            yield return $"{section}.version: is required, so each level shown can be traced to its table.";
        }

        if (Parameters.Count == 0)
        {
            yield return $"{section}.parameters: at least one parameter is required.";
        }

        for (var i = 0; i < Parameters.Count; i++)
        {
            foreach (var error in Parameters[i].Validate($"{section}.parameters[{i}]"))
            {
                yield return error;
            }
        }

        foreach (var dup in Parameters.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"{section}.parameters: id '{dup.Key}' appears {dup.Count()} times.";
        }

        var levels = Cutoffs.Select(c => c.Level).ToList();
        if (!levels.Order().SequenceEqual([2, 3, 4]) || !Cutoffs.OrderBy(c => c.Level).Select(c => c.MinScore).Zip(
            Cutoffs.OrderBy(c => c.Level).Select(c => c.MinScore).Skip(1)).All(p => p.First < p.Second))
        {
            yield return $"{section}.cutoffs: need exactly levels 2, 3 and 4 with increasing minScore (were "
                + $"{string.Join(", ", Cutoffs.Select(c => $"{c.Level}:{c.MinScore}"))}).";
        }

        foreach (var (site, weight) in SiteWeights)
        {
            if (weight < 0 || !double.IsFinite(weight))
            {
                yield return $"{section}.siteWeights.{site}: must be zero or more (was {weight}).";
            }
        }
    }
}

/// <summary>Which way a parameter gets worse.</summary>
public enum OpelDirection
{
    /// <summary>A higher value is worse: level k when value ≥ threshold k.</summary>
    Higher,

    /// <summary>A lower value is worse: level k when value ≤ threshold k.</summary>
    Lower,
}

/// <summary>One OPEL parameter (DOMAIN.md §3).</summary>
public sealed class OpelParameter
{
    /// <summary>Stable id, e.g. <c>ga_occupancy</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>What is measured.</summary>
    public string Definition { get; set; } = "";

    /// <summary><c>minutes</c> or <c>proportion</c>.</summary>
    public string Unit { get; set; } = "";

    /// <summary>Which way is worse.</summary>
    public OpelDirection WorseWhen { get; set; }

    /// <summary>Threshold of level 2.</summary>
    public double L2 { get; set; }

    /// <summary>Threshold of level 3.</summary>
    public double L3 { get; set; }

    /// <summary>Threshold of level 4.</summary>
    public double L4 { get; set; }

    /// <summary>Weight in the site's score.</summary>
    public double Weight { get; set; } = 1;

    internal IEnumerable<string> Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            yield return $"{path}.id: is required.";
        }

        var ordered = WorseWhen == OpelDirection.Higher ? L2 < L3 && L3 < L4 : L2 > L3 && L3 > L4;
        if (!ordered)
        {
            yield return $"{path}: thresholds l2 {L2}, l3 {L3}, l4 {L4} must get worse in the '{WorseWhen.ToString().ToLowerInvariant()}' direction.";
        }

        if (Weight <= 0 || !double.IsFinite(Weight))
        {
            yield return $"{path}.weight: must be positive (was {Weight}).";
        }
    }
}

/// <summary>A weighted score at or above <paramref name="MinScore"/> is at least OPEL <paramref name="Level"/>.</summary>
/// <param name="Level">2, 3 or 4.</param>
/// <param name="MinScore">The lowest score of that level.</param>
public sealed record OpelCutoff(int Level, double MinScore);
