namespace Bright.Analytics.Spc;

/// <summary>XmR limits per group (DOMAIN.md 1.2, with the nhse screening of 1.7).</summary>
internal static class XmrLimits
{
    /// <summary>Making Data Count's limit constant: 3/d2 with d2 = 1.128, rounded as MDC publishes it.</summary>
    public const double LimitFactor = 2.66;

    /// <summary>Making Data Count's moving-range screening constant (D4 for n = 2, 3.267).</summary>
    public const double ScreenFactor = 3.267;

    /// <summary>The 2σ line factor, written 2·(2.66/3) as NHSRplotthedots computes it in double.</summary>
    public const double TwoSigmaFactor = 2 * (LimitFactor / 3);

    public static void Compute(SpcSeries series, SpcLimits limits, int start, int end)
    {
        var x = series.Primary;
        var baselineEnd = series.FixAfterPoints is { } k ? Math.Min(end, start + k) : end;
        var baseline = x.AsSpan(start, baselineEnd - start);
        var (mean, amr) = MeanAndAmr(baseline, series.Settings);
        for (var i = start; i < end; i++)
        {
            // Zero or undefined variation gives null limits in both profiles (DOMAIN.md 1.6, 1.7).
            if (amr > 0 && double.IsFinite(amr))
            {
                limits.Set(i, mean, mean - (LimitFactor * amr), mean + (LimitFactor * amr),
                    mean - (TwoSigmaFactor * amr), mean + (TwoSigmaFactor * amr));
            }
            else
            {
                limits.SetWithoutLimits(i, mean);
            }
        }
    }

    /// <summary>
    /// The mean and the average moving range of a baseline. Moving ranges never cross a group because the
    /// baseline is one group's points. NaN AMR when no moving range survives (one point, all equal).
    /// </summary>
    public static (double Mean, double Amr) MeanAndAmr(ReadOnlySpan<double> baseline, SpcSettings settings)
    {
        var mean = SpcStatistics.Mean(baseline);
        if (baseline.Length < 2)
        {
            return (mean, double.NaN);
        }

        var ranges = new double[baseline.Length - 1];
        for (var i = 1; i < baseline.Length; i++)
        {
            ranges[i - 1] = Math.Abs(baseline[i] - baseline[i - 1]);
        }

        var amr0 = SpcStatistics.Mean(ranges);
        if (!settings.ScreenOutliers)
        {
            return (mean, amr0);
        }

        var cutoff = ScreenFactor * amr0;
        var kept = new List<double>(ranges.Length);
        var keptPoints = settings.ScreenRecomputesMean ? new List<double>(baseline.Length) { baseline[0] } : null;
        for (var i = 0; i < ranges.Length; i++)
        {
            var keep = settings.ScreenInclusive ? ranges[i] <= cutoff : ranges[i] < cutoff;
            if (keep)
            {
                kept.Add(ranges[i]);
                keptPoints?.Add(baseline[i + 1]);
            }
        }

        var amr = kept.Count > 0 ? SpcStatistics.Mean(kept.ToArray()) : double.NaN;
        if (keptPoints is not null)
        {
            mean = SpcStatistics.Mean(keptPoints.ToArray());
        }

        return (mean, amr);
    }
}
