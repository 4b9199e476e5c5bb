using System.Globalization;

namespace Bright.Analytics.Spc;

/// <summary>
/// One sentence from computed facts only (DOMAIN.md 1.11): <c>{variation}: {evidence}; {assurance}.</c>,
/// with clauses for a rebase, a short group, no variation or a run chart.
/// </summary>
internal sealed class SpcNarrator
{
    private readonly SpcSeries _series;
    private readonly double[] _plotted;
    private readonly SpcLimits _limits;
    private readonly SpcRuleFlags[] _flags;
    private readonly SpcValueFormatter _formatter;
    private readonly SpcDateStyle _dateStyle;

    public SpcNarrator(SpcSeries series, double[] plotted, SpcLimits limits, SpcRuleFlags[] flags, SpcNarrationOptions? options)
    {
        _series = series;
        _plotted = plotted;
        _limits = limits;
        _flags = flags;
        _formatter = options?.Formatter ?? (series.Chart == SpcChart.P ? SpcValueFormatter.Percent : SpcValueFormatter.Number);
        _dateStyle = options?.DateStyle ?? InferDateStyle(series.Dates);
    }

    public string Narrate(SpcVariation variation, SpcAssurance? assurance, bool runChart)
    {
        var last = _series.Count - 1;
        var groupStart = _series.GroupStarts[^2];
        var groupSize = _series.Count - groupStart;
        var clauses = new List<string> { Evidence(variation, last, runChart) };
        if (groupStart > 0)
        {
            clauses.Add($"limits recalculated from {FormatDate(_series.Dates[groupStart])}");
        }

        if (!runChart && _limits.HasLimits(last) && groupSize < _series.Settings.ShortGroupWarningBelowPoints)
        {
            clauses.Add($"provisional ({groupSize} {Points(groupSize)})");
        }

        if (assurance is { } a && _series.Target is { } target)
        {
            var t = _formatter.Format(target);
            clauses.Add(a switch
            {
                SpcAssurance.Pass => $"the target of {t} will consistently be met",
                SpcAssurance.Fail => $"the target of {t} will consistently be missed unless the process changes",
                _ => $"the target of {t} is not consistently met",
            });
        }

        return $"{VariationPhrase(variation)}: {string.Join("; ", clauses)}.";
    }

    /// <summary>
    /// The qualifier "(higher values)"/"(lower values)" is given to the neutral icons only: for improvement
    /// and concern the evidence already says which side, as DOMAIN.md 1.11's example sentence shows.
    /// </summary>
    private static string VariationPhrase(SpcVariation variation) => variation switch
    {
        SpcVariation.ImprovementHigh or SpcVariation.ImprovementLow => "Special cause of improving nature",
        SpcVariation.ConcernHigh or SpcVariation.ConcernLow => "Special cause of concerning nature",
        SpcVariation.NeutralHigh => "Special cause variation, neither improving nor concerning (higher values)",
        SpcVariation.NeutralLow => "Special cause variation, neither improving nor concerning (lower values)",
        _ => "Common cause variation, no significant change",
    };

    private string Evidence(SpcVariation variation, int last, bool runChart)
    {
        var mean = _formatter.Format(_limits.Mean[last]);
        if (runChart)
        {
            return $"mean {mean}, a run chart without limits ({_series.Count - _series.GroupStarts[^2]} points, "
                + $"limits need {_series.Settings.RunChartBelowPoints})";
        }

        if (!_limits.HasLimits(last))
        {
            return $"mean {mean}, no variation";
        }

        if (variation == SpcVariation.CommonCause)
        {
            return $"mean {mean}, limits {_formatter.Format(_limits.Lpl[last])} to {_formatter.Format(_limits.Upl[last])}";
        }

        var high = variation is SpcVariation.ImprovementHigh or SpcVariation.ConcernHigh or SpcVariation.NeutralHigh;
        var rule = DecidingRule(_flags[last], high);
        return rule switch
        {
            SpcRuleFlags.OutsideUpper =>
                $"latest value {_formatter.Format(_plotted[last])} is above the upper limit ({_formatter.Format(_limits.Upl[last])})",
            SpcRuleFlags.OutsideLower =>
                $"latest value {_formatter.Format(_plotted[last])} is below the lower limit ({_formatter.Format(_limits.Lpl[last])})",
            SpcRuleFlags.TrendIncreasing => RunSince(last, rule, "increasing"),
            SpcRuleFlags.TrendDecreasing => RunSince(last, rule, "decreasing"),
            SpcRuleFlags.TwoInThreeAbove => $"{CountInLastThree(last, rule)} of the last 3 points are close to the upper limit",
            SpcRuleFlags.TwoInThreeBelow => $"{CountInLastThree(last, rule)} of the last 3 points are close to the lower limit",
            SpcRuleFlags.ShiftAbove => RunSince(last, rule, "above the mean"),
            _ => RunSince(last, rule, "below the mean"),
        };
    }

    /// <summary>
    /// The rule that labelled the point: by precedence (nhsr) outside, trend, two-in-three, shift; by rank
    /// (nhse) trend, shift, two-in-three, outside; preferring the label's side. Under nhsr's peak quirk a
    /// point may be labelled low with only an increasing trend, which is then the evidence.
    /// </summary>
    private SpcRuleFlags DecidingRule(SpcRuleFlags flags, bool high)
    {
        SpcRuleFlags[] order = _series.Settings.ConflictResolution == SpcConflictResolution.Precedence
            ? [SpcRuleFlags.OutsideUpper, SpcRuleFlags.OutsideLower, SpcRuleFlags.TrendIncreasing, SpcRuleFlags.TrendDecreasing,
                SpcRuleFlags.TwoInThreeAbove, SpcRuleFlags.TwoInThreeBelow, SpcRuleFlags.ShiftAbove, SpcRuleFlags.ShiftBelow]
            : [SpcRuleFlags.TrendIncreasing, SpcRuleFlags.TrendDecreasing, SpcRuleFlags.ShiftAbove, SpcRuleFlags.ShiftBelow,
                SpcRuleFlags.TwoInThreeAbove, SpcRuleFlags.TwoInThreeBelow, SpcRuleFlags.OutsideUpper, SpcRuleFlags.OutsideLower];
        var side = high ? SpcRuleFlags.High : SpcRuleFlags.Low;
        foreach (var rule in order)
        {
            if ((flags & rule & side) != 0)
            {
                return rule;
            }
        }

        foreach (var rule in order)
        {
            if ((flags & rule) != 0)
            {
                return rule;
            }
        }

        return SpcRuleFlags.None;
    }

    /// <summary>"7 points above the mean since Mar 2025": the run of the rule ending at the last point.</summary>
    private string RunSince(int last, SpcRuleFlags rule, string what)
    {
        var first = last;
        var isTrend = (rule & SpcRuleFlags.Trend) != 0;
        var floor = isTrend && _series.Settings.TrendCrossesRebases ? 0 : _series.GroupStarts[^2];
        while (first > floor && (_flags[first - 1] & rule) != 0
            && (!isTrend || Math.Sign(_plotted[first] - _plotted[first - 1]) == (rule == SpcRuleFlags.TrendIncreasing ? 1 : -1)))
        {
            first--;
        }

        var count = last - first + 1;
        return $"{count} {Points(count)} {what} since {FormatDate(_series.Dates[first])}";
    }

    private int CountInLastThree(int last, SpcRuleFlags rule)
    {
        var count = 0;
        for (var i = Math.Max(_series.GroupStarts[^2], last - 2); i <= last; i++)
        {
            count += (_flags[i] & rule) != 0 ? 1 : 0;
        }

        return count;
    }

    private static string Points(int count) => count == 1 ? "point" : "points";

    private string FormatDate(DateOnly date) => _dateStyle switch
    {
        SpcDateStyle.Month => date.ToString("MMM yyyy", CultureInfo.InvariantCulture),
        SpcDateStyle.Week => "w/c " + date.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        _ => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
    };

    internal static SpcDateStyle InferDateStyle(DateOnly[] dates)
    {
        var allFirsts = true;
        var weekly = dates.Length > 1;
        for (var i = 0; i < dates.Length; i++)
        {
            allFirsts &= dates[i].Day == 1;
            if (i > 0)
            {
                weekly &= (dates[i].DayNumber - dates[i - 1].DayNumber) % 7 == 0;
            }
        }

        return allFirsts ? SpcDateStyle.Month : weekly ? SpcDateStyle.Week : SpcDateStyle.Day;
    }
}
