using System.Globalization;
using System.Text.RegularExpressions;
using Bright.Core.Kpis;
using Bright.Store.Kpis;

namespace Bright.Server.Kpis;

/// <summary>
/// Checks a KPI definition, reporting every problem with its field: enumerations, targets (kind, comparator,
/// finite value, dates in order, no two of one kind in force on the same day), benchmark, and the SQL
/// against the store (see <see cref="KpiSqlChecker"/>).
/// </summary>
internal static partial class KpiDefinitionValidator
{
    public static List<(string Field, string Reason)> Validate(KpiDefinition kpi, string? routeId, KpiStore store)
    {
        var errors = new List<(string Field, string Reason)>();
        if (routeId is not null && kpi.Id is not null && !string.Equals(kpi.Id, routeId, StringComparison.Ordinal))
        {
            errors.Add(("id", $"must match the id in the address '{routeId}' (was {Quote(kpi.Id)})"));
        }

        var id = kpi.Id ?? routeId;
        if (id is null || id.Length > 64 || !IdPattern().IsMatch(id))
        {
            errors.Add(("id", $"must be lower-case words joined by hyphens, at most 64 characters, e.g. ed-4-hour (was {Quote(id)})"));
        }

        Required("name", kpi.Name, errors);
        Required("owner", kpi.Owner, errors);
        OneOf("domain", kpi.Domain, KpiVocabulary.Domains, errors);
        OneOf("unit", kpi.Unit, KpiVocabulary.Units, errors);
        OneOf("improvementDirection", kpi.ImprovementDirection, KpiVocabulary.Directions, errors);
        OneOf("chart", kpi.Chart, KpiVocabulary.Charts, errors);
        OneOf("profile", kpi.Profile ?? "nhsr", KpiVocabulary.Profiles, errors);
        OneOf("frequency", kpi.Frequency, KpiVocabulary.Frequencies, errors);
        ValidateBenchmark(kpi.Benchmark, errors);
        ValidateTargets(kpi, errors);

        if (string.IsNullOrWhiteSpace(kpi.Sql))
        {
            errors.Add(("sql", "must not be empty"));
        }
        else
        {
            var reasons = new List<string>();
            var shape = store.CheckSql(kpi.Sql, reasons);
            errors.AddRange(reasons.Select(r => ("sql", r)));
            if (shape == KpiSeriesShape.Value && kpi.Chart is "p" or "u")
            {
                errors.Add(("sql", $"must return (period, numerator, denominator) for a {kpi.Chart} chart (returns (period, value))"));
            }
        }

        return errors;
    }

    private static void ValidateBenchmark(KpiBenchmark? benchmark, List<(string, string)> errors)
    {
        if (benchmark is null)
        {
            errors.Add(("benchmark", "is required: a benchmark or reference range with its label and source"));
            return;
        }

        Required("benchmark.label", benchmark.Label, errors);
        Required("benchmark.source", benchmark.Source, errors);
        Finite("benchmark.value", benchmark.Value, errors);
        Finite("benchmark.lower", benchmark.Lower, errors);
        Finite("benchmark.upper", benchmark.Upper, errors);
        if (benchmark.Lower > benchmark.Upper)
        {
            errors.Add(("benchmark.lower", $"must not exceed benchmark.upper (was {Format(benchmark.Lower!.Value)} > {Format(benchmark.Upper!.Value)})"));
        }
    }

    private static void ValidateTargets(KpiDefinition kpi, List<(string, string)> errors)
    {
        var targets = kpi.Targets ?? [];
        for (var i = 0; i < targets.Count; i++)
        {
            var at = $"targets[{i}]";
            var target = targets[i];
            if (target is null)
            {
                errors.Add((at, "must not be null"));
                continue;
            }

            OneOf($"{at}.kind", target.Kind, KpiVocabulary.TargetKinds, errors);
            OneOf($"{at}.comparator", target.Comparator, KpiVocabulary.Comparators, errors);
            Required($"{at}.source", target.Source, errors);
            if (target.Value is not { } value || !double.IsFinite(value))
            {
                errors.Add(($"{at}.value", $"must be a finite number (was {(target.Value is { } v ? Format(v) : "null")})"));
            }
            else if (kpi.Unit == "percent" && value is < 0 or > 1)
            {
                errors.Add(($"{at}.value", $"must be a proportion between 0 and 1 for a percent KPI, e.g. 0.95 (was {Format(value)})"));
            }

            if (target.EffectiveFrom is null)
            {
                errors.Add(($"{at}.effectiveFrom", "is required (yyyy-MM-dd)"));
            }
            else if (target.EffectiveTo < target.EffectiveFrom)
            {
                errors.Add(($"{at}.effectiveTo", $"must not be before effectiveFrom (was {target.EffectiveTo:yyyy-MM-dd} < {target.EffectiveFrom:yyyy-MM-dd})"));
            }

            for (var j = 0; j < i; j++)
            {
                var other = targets[j];
                if (other is not null && other.Kind == target.Kind && Overlap(other, target))
                {
                    errors.Add(($"{at}.effectiveFrom", $"overlaps targets[{j}], another {target.Kind} target in force on the same days"));
                }
            }
        }
    }

    private static bool Overlap(KpiTarget a, KpiTarget b) =>
        a.EffectiveFrom is { } aFrom && b.EffectiveFrom is { } bFrom
        && aFrom <= (b.EffectiveTo ?? DateOnly.MaxValue) && bFrom <= (a.EffectiveTo ?? DateOnly.MaxValue);

    private static void Required(string field, string? value, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add((field, "must not be empty"));
        }
    }

    private static void OneOf(string field, string? value, IReadOnlyList<string> allowed, List<(string, string)> errors)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
        {
            errors.Add((field, $"must be one of {string.Join(", ", allowed)} (was {Quote(value)})"));
        }
    }

    private static void Finite(string field, double? value, List<(string, string)> errors)
    {
        if (value is { } v && !double.IsFinite(v))
        {
            errors.Add((field, $"must be a finite number (was {Format(v)})"));
        }
    }

    private static string Quote(string? value) => value is null ? "null" : $"\"{value}\"";

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
