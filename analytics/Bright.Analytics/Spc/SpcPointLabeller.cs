namespace Bright.Analytics.Spc;

/// <summary>Turns each point's rules into its <see cref="SpcPointType"/> (DOMAIN.md 1.4, and 1.7 for nhse).</summary>
internal static class SpcPointLabeller
{
    public static SpcPointType[] Label(
        ReadOnlySpan<double> values, SpcRuleFlags[] flags, int[] groupStarts, SpcSettings settings, ImprovementDirection direction)
    {
        var types = new SpcPointType[values.Length];
        var trendSegments = settings.TrendCrossesRebases ? [0, values.Length] : groupStarts;
        var segment = 0;
        for (var i = 0; i < values.Length; i++)
        {
            while (i >= trendSegments[segment + 1])
            {
                segment++;
            }

            types[i] = settings.ConflictResolution == SpcConflictResolution.Precedence
                ? ByPrecedence(values, flags, i, trendSegments[segment], trendSegments[segment + 1], direction)
                : ByRank(flags[i], direction, settings.ConflictTie);
        }

        return types;
    }

    /// <summary>
    /// NHSRplotthedots: outside, then trend, then two-in-three, then shift. A trend point is Increasing only
    /// when d = +1, where d looks forward while the next point is in a trend and back otherwise, so a shared
    /// peak, or a top followed by an equal value, is Decreasing: a quirk reproduced on purpose.
    /// </summary>
    private static SpcPointType ByPrecedence(
        ReadOnlySpan<double> values, SpcRuleFlags[] flags, int i, int start, int end, ImprovementDirection direction)
    {
        var f = flags[i];
        int v;
        if ((f & (SpcRuleFlags.OutsideUpper | SpcRuleFlags.OutsideLower)) != 0)
        {
            v = (f & SpcRuleFlags.OutsideUpper) != 0 ? 1 : -1;
        }
        else if ((f & SpcRuleFlags.Trend) != 0)
        {
            var nextInTrend = i + 1 < end && (flags[i + 1] & SpcRuleFlags.Trend) != 0;
            var d = nextInTrend ? Math.Sign(values[i + 1] - values[i]) : i > start ? Math.Sign(values[i] - values[i - 1]) : 0;
            v = d == 1 ? 1 : -1;
        }
        else if ((f & (SpcRuleFlags.TwoInThreeAbove | SpcRuleFlags.TwoInThreeBelow)) != 0)
        {
            v = (f & SpcRuleFlags.TwoInThreeAbove) != 0 ? 1 : -1;
        }
        else if ((f & (SpcRuleFlags.ShiftAbove | SpcRuleFlags.ShiftBelow)) != 0)
        {
            v = (f & SpcRuleFlags.ShiftAbove) != 0 ? 1 : -1;
        }
        else
        {
            v = 0;
        }

        return FromSign(v, direction);
    }

    /// <summary>
    /// NHS England SQL: each side is ranked by its strongest rule (trend 4, shift 3, two-in-three 2, single
    /// point 1); the higher wins and a tie goes to the metric's conflict rule. A neutral metric flagged both
    /// ways is "high".
    /// </summary>
    private static SpcPointType ByRank(SpcRuleFlags f, ImprovementDirection direction, SpcConflictTie tie)
    {
        var high = Rank(f, SpcRuleFlags.OutsideUpper, SpcRuleFlags.TwoInThreeAbove, SpcRuleFlags.ShiftAbove, SpcRuleFlags.TrendIncreasing);
        var low = Rank(f, SpcRuleFlags.OutsideLower, SpcRuleFlags.TwoInThreeBelow, SpcRuleFlags.ShiftBelow, SpcRuleFlags.TrendDecreasing);
        if (high == 0 && low == 0)
        {
            return SpcPointType.CommonCause;
        }

        if (direction == ImprovementDirection.Neutral)
        {
            return high > 0 ? SpcPointType.SpecialCauseNeutralHigh : SpcPointType.SpecialCauseNeutralLow;
        }

        var (improvement, concern) = direction == ImprovementDirection.Increase ? (high, low) : (low, high);
        if (improvement != concern)
        {
            return improvement > concern ? SpcPointType.SpecialCauseImprovement : SpcPointType.SpecialCauseConcern;
        }

        return tie == SpcConflictTie.Improvement ? SpcPointType.SpecialCauseImprovement : SpcPointType.SpecialCauseConcern;
    }

    private static int Rank(SpcRuleFlags f, SpcRuleFlags single, SpcRuleFlags twoInThree, SpcRuleFlags shift, SpcRuleFlags trend) =>
        (f & trend) != 0 ? 4 : (f & shift) != 0 ? 3 : (f & twoInThree) != 0 ? 2 : (f & single) != 0 ? 1 : 0;

    private static SpcPointType FromSign(int v, ImprovementDirection direction)
    {
        if (v == 0)
        {
            return SpcPointType.CommonCause;
        }

        if (direction == ImprovementDirection.Neutral)
        {
            return v > 0 ? SpcPointType.SpecialCauseNeutralHigh : SpcPointType.SpecialCauseNeutralLow;
        }

        var d = direction == ImprovementDirection.Increase ? 1 : -1;
        return v * d > 0 ? SpcPointType.SpecialCauseImprovement : SpcPointType.SpecialCauseConcern;
    }
}
