using System.Text.Json.Serialization;

namespace Bright.Analytics.State.Opel;

/// <summary>
/// A version of the trust's OPEL table (DOMAIN.md §3: <c>opel_parameter</c>, <c>opel_cutoff</c> and site
/// weights). The shipped version is DOMAIN.md's illustrative example, labelled "indicative".
/// </summary>
public sealed class OpelTable
{
    /// <summary>The version every computed level is stamped with, for audit.</summary>
    [JsonRequired]
    public string Version { get; set; } = "";

    /// <summary>Shown beside the level, e.g. "indicative" until the trust signs the table off.</summary>
    public string Label { get; set; } = "";

    /// <summary>Where the thresholds come from.</summary>
    public string Source { get; set; } = "";

    /// <summary>The first local date this version applies to.</summary>
    [JsonRequired]
    public DateOnly ValidFrom { get; set; }

    /// <summary>The parameters, each with its thresholds and weight.</summary>
    [JsonRequired]
    public IReadOnlyList<OpelParameter> Parameters { get; set; } = [];

    /// <summary>The minimum weighted score of each level above 1.</summary>
    [JsonRequired]
    public IReadOnlyList<OpelCutoff> Cutoffs { get; set; } = [];

    /// <summary>Weights of sites in the trust roll-up; a site not listed weighs 1.</summary>
    public IReadOnlyDictionary<string, double> SiteWeights { get; set; } = new Dictionary<string, double>();

    /// <summary>The weight of <paramref name="site"/> in the trust roll-up.</summary>
    public double SiteWeight(string site) => SiteWeights.TryGetValue(site, out var w) ? w : 1;

    /// <summary>The settings-file form of <see cref="Check"/>: each error as "<paramref name="section"/>.field: reason".</summary>
    internal IEnumerable<string> Validate(string section) => Check(null).Select(e => $"{section}.{e.Field}: {e.Message}");

    /// <summary>
    /// Every problem with this table, each naming its field (<c>parameters[3].l3</c>): the version and label are
    /// required; each parameter is one live state measures, named once, with finite thresholds that get worse in
    /// its <c>worseWhen</c> direction and a positive weight; the cut-offs are levels 2, 3 and 4 with increasing
    /// scores; site weights are zero or more and, when <paramref name="knownSites"/> is given, name its sites.
    /// Empty when the table can be used.
    /// </summary>
    public IReadOnlyList<OpelTableError> Check(IReadOnlyCollection<string>? knownSites)
    {
        var errors = new List<OpelTableError>();
        if (string.IsNullOrWhiteSpace(Version))
        {
            errors.Add(new("version", "is required, so each level shown can be traced to its table."));
        }

        if (string.IsNullOrWhiteSpace(Label))
        {
            errors.Add(new("label", "is required, e.g. 'indicative' until the trust signs the table off."));
        }

        if (Parameters is null || Parameters.Count == 0)
        {
            errors.Add(new("parameters", "at least one parameter is required."));
        }

        var parameters = Parameters ?? [];
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i] is null)
            {
                errors.Add(new($"parameters[{i}]", "must be an object."));
                continue;
            }

            errors.AddRange(parameters[i].Check($"parameters[{i}]"));
        }

        foreach (var dup in parameters.Where(p => p is not null).GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new("parameters", $"id '{dup.Key}' appears {dup.Count()} times."));
        }

        errors.AddRange(CheckCutoffs(Cutoffs ?? []));
        foreach (var (site, weight) in SiteWeights ?? new Dictionary<string, double>())
        {
            if (weight < 0 || !double.IsFinite(weight))
            {
                errors.Add(new($"siteWeights.{site}", $"must be zero or more (was {Number(weight)})."));
            }

            if (knownSites is not null && !knownSites.Contains(site, StringComparer.Ordinal))
            {
                errors.Add(new($"siteWeights.{site}", $"'{site}' is not a site of this trust; known sites are {string.Join(", ", knownSites)}."));
            }
        }

        return errors;
    }

    private static IEnumerable<OpelTableError> CheckCutoffs(IReadOnlyList<OpelCutoff> cutoffs)
    {
        var levels = cutoffs.Select(c => c?.Level ?? 0).ToList();
        if (!levels.Order().SequenceEqual([2, 3, 4]))
        {
            yield return new("cutoffs", $"need exactly one cut-off for each of levels 2, 3 and 4 (were {string.Join(", ", levels)}).");
            yield break;
        }

        for (var i = 0; i < cutoffs.Count; i++)
        {
            if (!double.IsFinite(cutoffs[i].MinScore))
            {
                yield return new($"cutoffs[{i}].minScore", $"must be a number (was {Number(cutoffs[i].MinScore)}).");
            }
        }

        var ordered = cutoffs.Select((c, i) => (Cutoff: c, Index: i)).OrderBy(c => c.Cutoff.Level).ToList();
        for (var k = 1; k < ordered.Count; k++)
        {
            var (lower, higher) = (ordered[k - 1].Cutoff, ordered[k].Cutoff);
            if (!(higher.MinScore > lower.MinScore))
            {
                yield return new($"cutoffs[{ordered[k].Index}].minScore", $"level {higher.Level}'s minScore {Number(higher.MinScore)} must be greater "
                    + $"than level {lower.Level}'s {Number(lower.MinScore)}.");
            }
        }
    }

    internal static string Number(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One problem with an OPEL table.</summary>
/// <param name="Field">The field in the table's JSON, e.g. <c>parameters[3].l3</c> or <c>siteWeights.RQ6</c>.</param>
/// <param name="Message">What is wrong, with the offending value.</param>
public sealed record OpelTableError(string Field, string Message);

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
    [JsonRequired]
    public string Id { get; set; } = "";

    /// <summary>What is measured.</summary>
    public string Definition { get; set; } = "";

    /// <summary><c>minutes</c> or <c>proportion</c>.</summary>
    public string Unit { get; set; } = "";

    /// <summary>Which way is worse.</summary>
    [JsonRequired]
    public OpelDirection WorseWhen { get; set; }

    /// <summary>Threshold of level 2.</summary>
    [JsonRequired]
    public double L2 { get; set; }

    /// <summary>Threshold of level 3.</summary>
    [JsonRequired]
    public double L3 { get; set; }

    /// <summary>Threshold of level 4.</summary>
    [JsonRequired]
    public double L4 { get; set; }

    /// <summary>Weight in the site's score.</summary>
    public double Weight { get; set; } = 1;

    /// <summary>The ids of the parameters live state measures (DOMAIN.md §3); a table may use any of them.</summary>
    public static IReadOnlyList<string> KnownIds { get; } =
    [
        "handover_mean", "four_hour", "majors_resus_occupancy", "time_to_treatment", "over_twelve_hours", "ga_occupancy", "escalation_beds",
        "nctr_beds",
    ];

    internal IEnumerable<OpelTableError> Check(string path)
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            yield return new($"{path}.id", "is required.");
        }
        else if (!KnownIds.Contains(Id, StringComparer.Ordinal))
        {
            yield return new($"{path}.id", $"'{Id}' is not a parameter live state measures; use one of {string.Join(", ", KnownIds)}.");
        }

        if (string.IsNullOrWhiteSpace(Definition))
        {
            yield return new($"{path}.definition", "is required: what the parameter measures.");
        }

        if (Unit is not ("minutes" or "proportion"))
        {
            yield return new($"{path}.unit", $"must be 'minutes' or 'proportion' (was '{Unit}').");
        }

        var thresholds = new[] { ("l2", L2), ("l3", L3), ("l4", L4) };
        foreach (var (name, value) in thresholds.Where(t => !double.IsFinite(t.Item2)))
        {
            yield return new($"{path}.{name}", $"must be a number (was {OpelTable.Number(value)}).");
        }

        var direction = WorseWhen.ToString().ToLowerInvariant();
        for (var k = 1; k < thresholds.Length; k++)
        {
            var (lowerName, lower) = thresholds[k - 1];
            var (name, value) = thresholds[k];
            var worse = WorseWhen == OpelDirection.Higher ? value > lower : value < lower;
            if (double.IsFinite(lower) && double.IsFinite(value) && !worse)
            {
                yield return new($"{path}.{name}", $"{OpelTable.Number(value)} must be {(WorseWhen == OpelDirection.Higher ? "greater" : "less")} than "
                    + $"{lowerName} {OpelTable.Number(lower)}: thresholds get worse in the '{direction}' direction.");
            }
        }

        if (Weight <= 0 || !double.IsFinite(Weight))
        {
            yield return new($"{path}.weight", $"must be positive (was {OpelTable.Number(Weight)}).");
        }
    }
}

/// <summary>A weighted score at or above <paramref name="MinScore"/> is at least OPEL <paramref name="Level"/>.</summary>
/// <param name="Level">2, 3 or 4.</param>
/// <param name="MinScore">The lowest score of that level.</param>
public sealed record OpelCutoff(int Level, double MinScore);
