namespace Bright.Analytics.Spc;

/// <summary>The rules a point meets, one bit per <see cref="SpcRule"/>.</summary>
[Flags]
internal enum SpcRuleFlags
{
    None = 0,
    OutsideUpper = 1 << SpcRule.OutsideUpper,
    OutsideLower = 1 << SpcRule.OutsideLower,
    TrendIncreasing = 1 << SpcRule.TrendIncreasing,
    TrendDecreasing = 1 << SpcRule.TrendDecreasing,
    TwoInThreeAbove = 1 << SpcRule.TwoInThreeAbove,
    TwoInThreeBelow = 1 << SpcRule.TwoInThreeBelow,
    ShiftAbove = 1 << SpcRule.ShiftAbove,
    ShiftBelow = 1 << SpcRule.ShiftBelow,
    Trend = TrendIncreasing | TrendDecreasing,
    High = OutsideUpper | TrendIncreasing | TwoInThreeAbove | ShiftAbove,
    Low = OutsideLower | TrendDecreasing | TwoInThreeBelow | ShiftBelow,
}

/// <summary>
/// The special-cause rules of NHS England's Making Data Count as NHSRplotthedots 0.2.2 implements them
/// (DOMAIN.md 1.3) and the NHS England SQL's variants (1.7), then each point's label (1.4). Every pass is
/// linear in the number of points. Points without limits meet no rule.
/// </summary>
internal static class SpcRuleEvaluator
{
    public static SpcRuleFlags[] Evaluate(ReadOnlySpan<double> values, SpcLimits limits, int[] groupStarts, SpcSettings settings)
    {
        var flags = new SpcRuleFlags[values.Length];
        var side = new int[values.Length];
        var close = new bool[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!limits.HasLimits(i))
            {
                continue;
            }

            var x = values[i];
            var outside = x > limits.Upl[i] || x < limits.Lpl[i];
            side[i] = Math.Sign(x - limits.Mean[i]);
            var beyond2Sigma = x > limits.Upper2Sigma[i] || x < limits.Lower2Sigma[i];
            close[i] = beyond2Sigma && (settings.TwoInThreeIncludesBeyondLimits || !outside);
            if (outside)
            {
                flags[i] |= side[i] > 0 ? SpcRuleFlags.OutsideUpper : SpcRuleFlags.OutsideLower;
            }
        }

        for (var g = 0; g + 1 < groupStarts.Length; g++)
        {
            TwoInThree(side, close, flags, groupStarts[g], groupStarts[g + 1]);
            Shifts(side, flags, groupStarts[g], groupStarts[g + 1], settings.ShiftLength);
            if (!settings.TrendCrossesRebases)
            {
                Trends(values, flags, groupStarts[g], groupStarts[g + 1], settings.TrendLength);
            }
        }

        if (settings.TrendCrossesRebases)
        {
            Trends(values, flags, 0, values.Length, settings.TrendLength);
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!limits.HasLimits(i))
            {
                flags[i] = SpcRuleFlags.None;
            }
        }

        return flags;
    }

    /// <summary>
    /// A close point is flagged when some window of three consecutive points of its group containing it
    /// lies wholly on one side of the mean (a point on the mean spoils it) with at least two close points.
    /// </summary>
    private static void TwoInThree(int[] side, bool[] close, SpcRuleFlags[] flags, int start, int end)
    {
        for (var w = start; w + 2 < end; w++)
        {
            var s = side[w];
            if (s == 0 || side[w + 1] != s || side[w + 2] != s)
            {
                continue;
            }

            var closeCount = (close[w] ? 1 : 0) + (close[w + 1] ? 1 : 0) + (close[w + 2] ? 1 : 0);
            if (closeCount < 2)
            {
                continue;
            }

            var rule = s > 0 ? SpcRuleFlags.TwoInThreeAbove : SpcRuleFlags.TwoInThreeBelow;
            for (var i = w; i < w + 3; i++)
            {
                if (close[i])
                {
                    flags[i] |= rule;
                }
            }
        }
    }

    /// <summary>Every point of a run of at least <paramref name="length"/> points strictly on one side of the mean.</summary>
    private static void Shifts(int[] side, SpcRuleFlags[] flags, int start, int end, int length)
    {
        var runStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && i > runStart && side[i] == side[runStart])
            {
                continue;
            }

            if (i > runStart && side[runStart] != 0 && i - runStart >= length)
            {
                var rule = side[runStart] > 0 ? SpcRuleFlags.ShiftAbove : SpcRuleFlags.ShiftBelow;
                for (var j = runStart; j < i; j++)
                {
                    flags[j] |= rule;
                }
            }

            runStart = i;
        }
    }

    /// <summary>
    /// Every point of a stretch of at least <paramref name="length"/> points (both ends counted), each
    /// strictly above (below) the one before; an equal pair ends the stretch. A peak belongs to both.
    /// </summary>
    private static void Trends(ReadOnlySpan<double> values, SpcRuleFlags[] flags, int start, int end, int length)
    {
        Trend(values, flags, start, end, length, +1, SpcRuleFlags.TrendIncreasing);
        Trend(values, flags, start, end, length, -1, SpcRuleFlags.TrendDecreasing);
    }

    private static void Trend(
        ReadOnlySpan<double> values, SpcRuleFlags[] flags, int start, int end, int length, int direction, SpcRuleFlags rule)
    {
        var stretchStart = start;
        for (var i = start + 1; i <= end; i++)
        {
            if (i < end && Math.Sign(values[i] - values[i - 1]) == direction)
            {
                continue;
            }

            if (i - stretchStart >= length)
            {
                for (var j = stretchStart; j < i; j++)
                {
                    flags[j] |= rule;
                }
            }

            stretchStart = i;
        }
    }
}
