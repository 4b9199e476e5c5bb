using System.Globalization;

namespace Bright.Analytics.Spc;

/// <summary>
/// Statistical process control in NHS England's "Making Data Count" style (DOMAIN.md 1): limits, special
/// cause rules, point types, icons, the Anhøj runs analysis and a narrative, for XmR, p, u, c, Xbar and S
/// charts under the <c>nhsr</c> or <c>nhse</c> profile. Pure and thread-safe; linear in the number of
/// points apart from one sort by date.
/// </summary>
public static class SpcEngine
{
    private static readonly SpcRule[] AllRules = Enum.GetValues<SpcRule>();

    /// <summary>
    /// Validates and analyses a request. Invalid input is not an exception: the outcome lists every error
    /// with its field, e.g. <c>points[3].value: must be a finite number (was NaN)</c>.
    /// </summary>
    /// <param name="request">The series, as DESIGN.md's "POST /api/spc" body.</param>
    /// <param name="narration">The unit formatter and date style for the narrative; null for defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static SpcOutcome Evaluate(SpcRequest request, SpcNarrationOptions? narration = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<SpcValidationError>();
        var series = SpcRequestValidator.Validate(request, errors);
        if (series is null)
        {
            return SpcOutcome.Failure(errors);
        }

        var settings = series.Settings;
        var (plotted, limits) = SpcChartLimits.Compute(series);
        var warnings = new List<string>();
        var runChart = new bool[series.GroupCount];
        for (var g = 0; g < series.GroupCount; g++)
        {
            runChart[g] = CheckGroup(series, limits, g, warnings);
        }

        if (string.Equals(request.Profile, "nhse", StringComparison.Ordinal) && settings.ShiftLength is < 6 or > 8)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"A shift length of {settings.ShiftLength} is outside the 6 to 8 that NHS England's SPC SQL v2.6 allows."));
        }

        var flags = SpcRuleEvaluator.Evaluate(plotted, limits, series.GroupStarts, settings);
        var types = SpcPointLabeller.Label(plotted, flags, series.GroupStarts, settings, series.Direction);

        var ruleLists = new SpcRule[]?[1 << AllRules.Length];
        var points = new SpcPointResult[series.Count];
        for (var i = 0; i < points.Length; i++)
        {
            var has = limits.HasLimits(i);
            points[i] = new SpcPointResult(
                series.Dates[i], plotted[i], limits.Mean[i],
                has ? limits.Lpl[i] : null, has ? limits.Upl[i] : null,
                has ? limits.Lower2Sigma[i] : null, has ? limits.Upper2Sigma[i] : null,
                series.Group[i], types[i], ruleLists[(int)flags[i]] ??= RulesOf(flags[i]));
        }

        var last = series.Count - 1;
        var lastIsRunChart = runChart[^1];
        var variation = lastIsRunChart ? SpcVariation.CommonCause : SpcIcons.Variation(types[last], series.Direction);
        var assurance = SpcIcons.Assurance(series.Target, limits.Lpl[last], limits.Upl[last], series.Direction, settings);

        var runs = new SpcRunsAnalysis[series.GroupCount];
        for (var g = 0; g < runs.Length; g++)
        {
            var start = series.GroupStarts[g];
            var length = series.GroupStarts[g + 1] - start;
            runs[g] = AnhojRules.Analyse(series.Group[start], plotted.AsSpan(start, length), limits.Mean.AsSpan(start, length));
        }

        var narrative = new SpcNarrator(series, plotted, limits, flags, narration).Narrate(variation, assurance, lastIsRunChart);
        return SpcOutcome.Success(new SpcResult(points, variation, assurance, narrative, warnings, runs));
    }

    /// <summary>
    /// Applies the run-chart threshold (nhse: fewer than 13 points, no limits) and writes a group's
    /// warnings. Returns whether the group is a run chart.
    /// </summary>
    private static bool CheckGroup(SpcSeries series, SpcLimits limits, int g, List<string> warnings)
    {
        var start = series.GroupStarts[g];
        var size = series.GroupStarts[g + 1] - start;
        var settings = series.Settings;
        var name = string.Create(CultureInfo.InvariantCulture,
            $"Group {series.Group[start]} (from {series.Dates[start]:yyyy-MM-dd}) has {size} {(size == 1 ? "point" : "points")}");
        var runChart = size < settings.RunChartBelowPoints;
        if (runChart)
        {
            for (var i = start; i < start + size; i++)
            {
                limits.SetWithoutLimits(i, limits.Mean[i]);
            }

            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}, fewer than {settings.RunChartBelowPoints}: it is a run chart without limits, rules or icons."));
        }

        if (size < settings.ShortGroupWarningBelowPoints)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}, fewer than {settings.ShortGroupWarningBelowPoints}: its limits are provisional."));
        }

        if (!runChart && !limits.HasLimits(start))
        {
            warnings.Add($"{name} and no variation: its limits are null.");
        }

        return runChart;
    }

    private static SpcRule[] RulesOf(SpcRuleFlags flags)
    {
        var rules = new List<SpcRule>();
        foreach (var rule in AllRules)
        {
            if (((int)flags & (1 << (int)rule)) != 0)
            {
                rules.Add(rule);
            }
        }

        return [.. rules];
    }
}
