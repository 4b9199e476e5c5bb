using System.Globalization;

namespace Bright.Analytics.State.Alerts;

/// <summary>
/// An alert rule as data: raise an alert for each subject whose <see cref="Measure"/> meets the condition
/// (<see cref="Comparison"/> with <see cref="Threshold"/>, or <c>in</c> <see cref="Values"/>) for at least
/// <see cref="ForMinutes"/>, with <see cref="Severity"/>, shown to <see cref="Roles"/> at <see cref="Sites"/>.
/// Rules sharing a <see cref="Group"/> raise one alert per subject, from the most severe rule that holds (an escalation,
/// e.g. handover over 30 then over 60 minutes). Immutable once read.
/// </summary>
public sealed record AlertRule
{
    /// <summary>Comparisons of a numeric measure with the threshold.</summary>
    public static readonly IReadOnlyList<string> NumericComparisons = [">", ">=", "<", "<=", "=", "!="];

    /// <summary>The comparison of a categorical measure with a list of values.</summary>
    public const string In = "in";

    /// <summary>Severities, most severe first.</summary>
    public static readonly IReadOnlyList<string> Severities = [AlertSeverity.Critical, AlertSeverity.Warning, AlertSeverity.Info];

    /// <summary>Stable id, lower-case letters, digits, <c>_</c> and <c>.</c>; it is the <c>rule</c> of the alerts it raises.</summary>
    public string? Id { get; init; }

    /// <summary>What a person calls it, e.g. "Ambulance handover over 30 minutes".</summary>
    public string? Name { get; init; }

    /// <summary>One of <see cref="AlertMeasures.All"/>.</summary>
    public string? Measure { get; init; }

    /// <summary>One of <see cref="NumericComparisons"/> for a numeric measure, <see cref="In"/> for a categorical one.</summary>
    public string? Comparison { get; init; }

    /// <summary>The threshold of a numeric measure, in the measure's unit.</summary>
    public double? Threshold { get; init; }

    /// <summary>The values of a categorical measure that raise the alert.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>Minutes the condition must hold before the alert is raised; 0 raises at once.</summary>
    public double ForMinutes { get; init; }

    /// <summary>One of <see cref="Severities"/>.</summary>
    public string? Severity { get; init; }

    /// <summary>The severity when the value is negative (an OPEL level falling); null for <see cref="Severity"/> always.</summary>
    public string? FallingSeverity { get; init; }

    /// <summary>Rules of one group raise one alert per subject; null means the rule's own id.</summary>
    public string? Group { get; init; }

    /// <summary>The roles that see the alert (BRIGHT's role names); empty for every role that reads alerts.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The sites whose alerts this rule raises and that see them; empty for every site.</summary>
    public IReadOnlyList<string> Sites { get; init; } = [];

    /// <summary>Whether the rule is evaluated at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Where the rule's thresholds come from (guidance or a local decision).</summary>
    public string? Source { get; init; }

    /// <summary>The group its alerts are keyed by.</summary>
    public string GroupKey => Group ?? Id!;

    /// <summary>Whether <paramref name="signal"/>'s value meets the condition (the duration is not considered).</summary>
    public bool Holds(AlertSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.Category is { } category)
        {
            return Comparison == In && (Values ?? []).Contains(category, StringComparer.Ordinal);
        }

        if (signal.Number is not { } value || Threshold is not { } t)
        {
            return false;
        }

        return Comparison switch
        {
            ">" => value > t,
            ">=" => value >= t,
            "<" => value < t,
            "<=" => value <= t,
            "=" => value == t,
            "!=" => value != t,
            _ => false,
        };
    }

    /// <summary>The severity the rule raises <paramref name="signal"/> with.</summary>
    public string SeverityOf(AlertSignal signal) => signal.Number is < 0 && FallingSeverity is { } falling ? falling : Severity!;

    /// <summary>
    /// Every problem with the rule, each naming the field: an unknown measure lists the allowed ones, an unknown role or
    /// site lists the known ones.
    /// </summary>
    /// <param name="roles">The role names of BRIGHT.</param>
    /// <param name="sites">The trust's site codes.</param>
    public IReadOnlyList<(string Field, string Reason)> Validate(IReadOnlyCollection<string> roles, IReadOnlyCollection<string> sites)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(sites);
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            errors.Add(("id", "is required"));
        }
        else if (!IsId(Id))
        {
            errors.Add(("id", $"'{Id}' must start with a lower-case letter and hold only lower-case letters, digits, '_' and '.' (at most 64)"));
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(("name", "is required"));
        }

        var measure = AlertMeasures.Find(Measure);
        if (measure is null)
        {
            var allowed = string.Join(", ", AlertMeasures.All.Select(m => m.Name));
            errors.Add(("measure", Measure is null ? $"is required; allowed measures are {allowed}" : $"'{Measure}' is not a measure; allowed measures are {allowed}"));
        }
        else if (measure.IsCategorical)
        {
            ValidateCategorical(measure, errors);
        }
        else
        {
            ValidateNumeric(measure, errors);
        }

        if (ForMinutes < 0 || !double.IsFinite(ForMinutes))
        {
            errors.Add(("forMinutes", F($"must be zero or more minutes (was {ForMinutes})")));
        }

        if (Severity is null || !Severities.Contains(Severity, StringComparer.Ordinal))
        {
            errors.Add(("severity", Severity is null ? "is required; use critical, warning or info" : $"'{Severity}' is not a severity; use critical, warning or info"));
        }

        if (FallingSeverity is not null && !Severities.Contains(FallingSeverity, StringComparer.Ordinal))
        {
            errors.Add(("fallingSeverity", $"'{FallingSeverity}' is not a severity; use critical, warning or info"));
        }

        if (Group is not null && !IsId(Group))
        {
            errors.Add(("group", $"'{Group}' must start with a lower-case letter and hold only lower-case letters, digits, '_' and '.' (at most 64)"));
        }

        for (var i = 0; i < (Roles ?? []).Count; i++)
        {
            if (!roles.Contains(Roles![i], StringComparer.Ordinal))
            {
                errors.Add(($"roles[{i}]", $"'{Roles[i]}' is not a role; roles are {string.Join(", ", roles)}"));
            }
        }

        for (var i = 0; i < (Sites ?? []).Count; i++)
        {
            if (!sites.Contains(Sites![i], StringComparer.Ordinal))
            {
                errors.Add(($"sites[{i}]", $"'{Sites[i]}' is not a site of this trust; known sites are {string.Join(", ", sites)}"));
            }
        }

        return errors;
    }

    private void ValidateNumeric(AlertMeasure measure, List<(string, string)> errors)
    {
        if (Comparison is null || !NumericComparisons.Contains(Comparison, StringComparer.Ordinal))
        {
            errors.Add(("comparison", $"{(Comparison is null ? "is required" : $"'{Comparison}' is not a comparison")} for {measure.Name}; use one of {string.Join(", ", NumericComparisons)}"));
        }

        if (Threshold is not { } t)
        {
            errors.Add(("threshold", $"is required for {measure.Name} (in {measure.Unit})"));
        }
        else if (!double.IsFinite(t))
        {
            errors.Add(("threshold", "must be a finite number"));
        }

        if (Values is { Count: > 0 })
        {
            errors.Add(("values", $"{measure.Name} is compared with a threshold, not a list of values"));
        }
    }

    private void ValidateCategorical(AlertMeasure measure, List<(string, string)> errors)
    {
        var allowed = string.Join(", ", measure.Values);
        if (Comparison != In)
        {
            errors.Add(("comparison", $"{(Comparison is null ? "is required" : $"'{Comparison}' is not a comparison")} for {measure.Name}; use 'in' with values from {allowed}"));
        }

        if (Values is not { Count: > 0 })
        {
            errors.Add(("values", $"is required for {measure.Name}: one or more of {allowed}"));
        }
        else
        {
            for (var i = 0; i < Values.Count; i++)
            {
                if (!measure.Values.Contains(Values[i], StringComparer.Ordinal))
                {
                    errors.Add(($"values[{i}]", $"'{Values[i]}' is not a value of {measure.Name}; allowed values are {allowed}"));
                }
            }
        }

        if (Threshold is not null)
        {
            errors.Add(("threshold", $"{measure.Name} is tested with 'in' and values, not a threshold"));
        }
    }

    private static bool IsId(string text) =>
        text.Length is > 0 and <= 64 && char.IsAsciiLetterLower(text[0]) && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.');

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
