using System.Globalization;

namespace Bright.Analytics.Spc;

/// <summary>
/// Checks a request and turns it into an <see cref="SpcSeries"/>, reporting every problem at once with the
/// field and the offending value (DOMAIN.md 1.1: reject rather than guess).
/// </summary>
internal static class SpcRequestValidator
{
    private const string Charts = "xmr, p, u, c, xbar, s";

    public static SpcSeries? Validate(SpcRequest request, List<SpcValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(request);

        var chart = ParseChart(request.Chart, errors);
        var settings = SpcSettings.ForProfile(request.Profile);
        if (settings is null)
        {
            errors.Add(new("profile", $"must be one of nhsr, nhse (was {Quote(request.Profile)})"));
        }

        var direction = ParseDirection(request.ImprovementDirection, errors);
        if (request.Target is { } target && !double.IsFinite(target))
        {
            errors.Add(new("target", $"must be a finite number (was {Format(target)})"));
        }

        if (request.FixAfterPoints is < 2)
        {
            errors.Add(new("fixAfterPoints", $"must be at least 2 (was {Format(request.FixAfterPoints.Value)})"));
        }

        ValidateOverrides(request.Settings, errors);

        var points = request.Points;
        if (points is null || points.Count == 0)
        {
            errors.Add(new("points", "must contain at least one point"));
            return null;
        }

        var repeats = new Dictionary<int, SpcValidationError>();
        var order = SortByDate(points, repeats);
        for (var i = 0; i < points.Count; i++)
        {
            if (repeats.TryGetValue(i, out var repeat))
            {
                errors.Add(repeat);
            }

            ValidatePoint(points[i], i, chart, errors);
        }

        if (errors.Count > 0 || chart is null || settings is null || direction is null)
        {
            return null;
        }

        settings = settings.With(request.Settings);
        if (request.ScreenOutliers is { } screen)
        {
            settings = settings with { ScreenOutliers = screen };
        }

        return Build(request, points, order, chart.Value, settings, direction.Value);
    }

    private static SpcChart? ParseChart(string? chart, List<SpcValidationError> errors)
    {
        SpcChart? parsed = chart switch
        {
            "xmr" => SpcChart.Xmr,
            "p" => SpcChart.P,
            "u" => SpcChart.U,
            "c" => SpcChart.C,
            "xbar" => SpcChart.Xbar,
            "s" => SpcChart.S,
            _ => null,
        };
        if (parsed is null)
        {
            errors.Add(new("chart", $"must be one of {Charts} (was {Quote(chart)})"));
        }

        return parsed;
    }

    private static ImprovementDirection? ParseDirection(string? direction, List<SpcValidationError> errors)
    {
        ImprovementDirection? parsed = direction switch
        {
            "increase" => ImprovementDirection.Increase,
            "decrease" => ImprovementDirection.Decrease,
            "neutral" => ImprovementDirection.Neutral,
            _ => null,
        };
        if (parsed is null)
        {
            errors.Add(new("improvementDirection", $"must be one of increase, decrease, neutral (was {Quote(direction)})"));
        }

        return parsed;
    }

    private static void ValidateOverrides(SpcSettingsOverrides? overrides, List<SpcValidationError> errors)
    {
        if (overrides is null)
        {
            return;
        }

        AtLeast("settings.shiftLength", overrides.ShiftLength, 2, errors);
        AtLeast("settings.trendLength", overrides.TrendLength, 2, errors);
        AtLeast("settings.runChartBelowPoints", overrides.RunChartBelowPoints, 0, errors);
        AtLeast("settings.shortGroupWarningBelowPoints", overrides.ShortGroupWarningBelowPoints, 0, errors);
    }

    private static void AtLeast(string field, int? value, int minimum, List<SpcValidationError> errors)
    {
        if (value < minimum)
        {
            errors.Add(new(field, $"must be at least {minimum} (was {Format(value.Value)})"));
        }
    }

    /// <summary>Indexes of the points in date order (stable); a repeated date is an error on the later index.</summary>
    private static int[] SortByDate(IReadOnlyList<SpcInputPoint> points, Dictionary<int, SpcValidationError> repeats)
    {
        var order = new int[points.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var dates = new DateOnly[points.Count];
        for (var i = 0; i < dates.Length; i++)
        {
            dates[i] = points[i]?.Date ?? default;
        }

        // Sorting keys with a tiebreak on the index keeps the order stable, so the earlier point of a
        // repeated date is the one kept and the later one is named.
        Array.Sort(order, (a, b) => dates[a] != dates[b] ? dates[a].CompareTo(dates[b]) : a.CompareTo(b));
        for (var k = 1; k < order.Length; k++)
        {
            if (dates[order[k]] == dates[order[k - 1]] && points[order[k]] is not null && points[order[k - 1]] is not null)
            {
                var first = order[k - 1];
                while (k < order.Length && dates[order[k]] == dates[first])
                {
                    repeats[order[k]] = new($"points[{order[k]}].date",
                        $"repeats the date of points[{first}] ({dates[first].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})");
                    k++;
                }
            }
        }

        return order;
    }

    // Field names are built only when a point is wrong: a valid series of 100,000 points allocates nothing here.
    private static void ValidatePoint(SpcInputPoint? point, int index, SpcChart? chart, List<SpcValidationError> errors)
    {
        if (point is null)
        {
            errors.Add(new(At(index), "must not be null"));
            return;
        }

        switch (chart)
        {
            case SpcChart.Xmr:
                Finite(index, "value", point.Value, errors);
                break;
            case SpcChart.P or SpcChart.U:
                var numeratorOk = Count(index, "numerator", point.Numerator, chart.Value, errors);
                var denominatorOk = Finite(index, "denominator", point.Denominator, errors);
                if (denominatorOk && point.Denominator <= 0)
                {
                    errors.Add(new(At(index, "denominator"), $"must be greater than 0 (was {Format(point.Denominator!.Value)})"));
                }
                else if (chart == SpcChart.P && numeratorOk && denominatorOk && point.Numerator > point.Denominator)
                {
                    var was = $"{Format(point.Numerator!.Value)} > {Format(point.Denominator!.Value)}";
                    errors.Add(new(At(index, "numerator"), $"must not exceed the denominator for a p chart (was {was})"));
                }

                break;
            case SpcChart.C:
                Count(index, "numerator", point.Numerator, chart.Value, errors);
                break;
            case SpcChart.Xbar or SpcChart.S:
                Subgroup(index, point.Values, chart.Value, errors);
                break;
            default:
                break;
        }
    }

    private static string At(int index, string? field = null) =>
        field is null ? $"points[{index}]" : $"points[{index}].{field}";

    private static bool Finite(int index, string field, double? value, List<SpcValidationError> errors)
    {
        if (value is { } v && double.IsFinite(v))
        {
            return true;
        }

        errors.Add(new(At(index, field), $"must be a finite number (was {(value is { } bad ? Format(bad) : "null")})"));
        return false;
    }

    private static bool Count(int index, string field, double? value, SpcChart chart, List<SpcValidationError> errors)
    {
        if (!Finite(index, field, value, errors))
        {
            return false;
        }

        if (value < 0)
        {
            errors.Add(new(At(index, field), $"must not be negative for a {chart.ToContractString()} chart (was {Format(value.Value)})"));
            return false;
        }

        return true;
    }

    private static void Subgroup(int index, IReadOnlyList<double>? values, SpcChart chart, List<SpcValidationError> errors)
    {
        if (values is null || values.Count < 2)
        {
            errors.Add(new(At(index, "values"), $"must hold at least 2 values for a {chart.ToContractString()} chart (had {values?.Count ?? 0})"));
            return;
        }

        for (var j = 0; j < values.Count; j++)
        {
            if (!double.IsFinite(values[j]))
            {
                errors.Add(new(At(index, $"values[{j}]"), $"must be a finite number (was {Format(values[j])})"));
            }
        }
    }

    private static SpcSeries Build(
        SpcRequest request, IReadOnlyList<SpcInputPoint> points, int[] order, SpcChart chart, SpcSettings settings,
        ImprovementDirection direction)
    {
        var count = order.Length;
        var dates = new DateOnly[count];
        var primary = new double[count];
        var size = new double[count];
        var spread = new double[count];
        for (var k = 0; k < count; k++)
        {
            var point = points[order[k]];
            dates[k] = point.Date;
            size[k] = 1;
            switch (chart)
            {
                case SpcChart.Xmr:
                    primary[k] = point.Value!.Value;
                    break;
                case SpcChart.P or SpcChart.U:
                    primary[k] = point.Numerator!.Value;
                    size[k] = point.Denominator!.Value;
                    break;
                case SpcChart.C:
                    primary[k] = point.Numerator!.Value;
                    break;
                default:
                    (primary[k], spread[k]) = SpcStatistics.MeanAndSampleSd(point.Values!);
                    size[k] = point.Values!.Count;
                    break;
            }
        }

        var (group, starts) = AssignGroups(dates, request.Rebase);
        return new SpcSeries
        {
            Chart = chart,
            Settings = settings,
            Direction = direction,
            Target = request.Target,
            FixAfterPoints = request.FixAfterPoints,
            Dates = dates,
            Primary = primary,
            Size = size,
            Spread = spread,
            Group = group,
            GroupStarts = starts,
        };
    }

    /// <summary>
    /// DOMAIN.md 1.1: rebaseGroup counts the rebase dates reached so far, this point included. A rebase on
    /// the first date only renumbers; one matching no point is ignored.
    /// </summary>
    private static (int[] Group, int[] Starts) AssignGroups(DateOnly[] dates, IReadOnlyList<DateOnly>? rebase)
    {
        var rebaseDates = rebase is null ? [] : new HashSet<DateOnly>(rebase);
        var group = new int[dates.Length];
        var starts = new List<int> { 0 };
        var current = 0;
        for (var i = 0; i < dates.Length; i++)
        {
            if (rebaseDates.Contains(dates[i]))
            {
                current++;
                if (i > 0)
                {
                    starts.Add(i);
                }
            }

            group[i] = current;
        }

        starts.Add(dates.Length);
        return (group, [.. starts]);
    }

    private static string Quote(string? value) => value is null ? "null" : $"\"{value}\"";

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
