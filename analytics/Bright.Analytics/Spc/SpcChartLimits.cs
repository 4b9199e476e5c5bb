namespace Bright.Analytics.Spc;

/// <summary>
/// The plotted value, centre line, limits and 2σ lines of every point, per group, for each chart: XmR by
/// Making Data Count (DOMAIN.md 1.2), the others by qicharts2 0.8.1's formulas (DOMAIN.md 1.9). The base
/// of a group is its first <see cref="SpcSeries.FixAfterPoints"/> points, or all of them.
/// </summary>
internal static class SpcChartLimits
{
    /// <summary>Shewhart's three sigma, used by qicharts2 for p, u, c, Xbar and S charts.</summary>
    private const double Sigmas = 3;

    public static (double[] Plotted, SpcLimits Limits) Compute(SpcSeries series)
    {
        var plotted = new double[series.Count];
        var limits = new SpcLimits(series.Count);
        for (var i = 0; i < plotted.Length; i++)
        {
            plotted[i] = series.Chart is SpcChart.P or SpcChart.U ? series.Primary[i] / series.Size[i]
                : series.Chart == SpcChart.S ? series.Spread[i]
                : series.Primary[i];
        }

        for (var g = 0; g < series.GroupCount; g++)
        {
            var start = series.GroupStarts[g];
            var end = series.GroupStarts[g + 1];
            var baseEnd = series.FixAfterPoints is { } k ? Math.Min(end, start + k) : end;
            switch (series.Chart)
            {
                case SpcChart.Xmr:
                    XmrLimits.Compute(series, limits, start, end);
                    break;
                case SpcChart.P:
                    Proportion(series, limits, start, end, baseEnd);
                    break;
                case SpcChart.U:
                    Rate(series, limits, start, end, baseEnd);
                    break;
                case SpcChart.C:
                    Count(series, limits, start, end, baseEnd);
                    break;
                default:
                    Subgroups(series, limits, start, end, baseEnd);
                    break;
            }
        }

        return (plotted, limits);
    }

    /// <summary>p chart: p̄ = Σy/Σn over the base (weighted), σᵢ = √(p̄(1−p̄)/nᵢ), limits clipped to [0, 1].</summary>
    private static void Proportion(SpcSeries series, SpcLimits limits, int start, int end, int baseEnd)
    {
        var centre = Ratio(series, start, baseEnd);
        var spread = centre * (1 - centre);
        for (var i = start; i < end; i++)
        {
            SetSymmetric(limits, i, centre, Math.Sqrt(spread / series.Size[i]), spread > 0, 0, 1);
        }
    }

    /// <summary>u chart: ū = Σy/Σn over the base, σᵢ = √(ū/nᵢ), lower limit at least 0.</summary>
    private static void Rate(SpcSeries series, SpcLimits limits, int start, int end, int baseEnd)
    {
        var centre = Ratio(series, start, baseEnd);
        for (var i = start; i < end; i++)
        {
            SetSymmetric(limits, i, centre, Math.Sqrt(centre / series.Size[i]), centre > 0, 0, double.PositiveInfinity);
        }
    }

    /// <summary>c chart: c̄ = mean count over the base, σ = √c̄, lower limit at least 0.</summary>
    private static void Count(SpcSeries series, SpcLimits limits, int start, int end, int baseEnd)
    {
        var centre = SpcStatistics.Mean(series.Primary.AsSpan(start, baseEnd - start));
        for (var i = start; i < end; i++)
        {
            SetSymmetric(limits, i, centre, Math.Sqrt(centre), centre > 0, 0, double.PositiveInfinity);
        }
    }

    /// <summary>
    /// Xbar and S charts. s̄ is the mean of the sᵢ when every base subgroup has the same size, otherwise the
    /// pooled √(Σ(nᵢ−1)sᵢ²/Σ(nᵢ−1)). Xbar: x̿ = Σnᵢx̄ᵢ/Σnᵢ ± A3(nᵢ)·s̄. S: s̄ with B3(nᵢ)·s̄ and B4(nᵢ)·s̄,
    /// whose σᵢ is s̄·c5/c4.
    /// </summary>
    private static void Subgroups(SpcSeries series, SpcLimits limits, int start, int end, int baseEnd)
    {
        var sBar = PooledSd(series, start, baseEnd);
        var varies = sBar > 0;
        if (series.Chart == SpcChart.Xbar)
        {
            var weighted = 0.0;
            var total = 0.0;
            for (var i = start; i < baseEnd; i++)
            {
                weighted += series.Size[i] * series.Primary[i];
                total += series.Size[i];
            }

            var centre = weighted / total;
            for (var i = start; i < end; i++)
            {
                var sigma = SpcStatistics.A3(series.Size[i]) * sBar / Sigmas;
                SetSymmetric(limits, i, centre, sigma, varies, double.NegativeInfinity, double.PositiveInfinity);
            }

            return;
        }

        for (var i = start; i < end; i++)
        {
            var n = series.Size[i];
            var sigma = sBar * SpcStatistics.C5(n) / SpcStatistics.C4(n);
            if (!varies)
            {
                limits.SetWithoutLimits(i, sBar);
                continue;
            }

            // B3 and B4 are applied as qicharts2 does, so the lower limit is B3·s̄ exactly (0 for n ≤ 5).
            limits.Set(i, sBar, SpcStatistics.B3(n) * sBar, SpcStatistics.B4(n) * sBar,
                Math.Max(0, sBar - (2 * sigma)), sBar + (2 * sigma));
        }
    }

    private static double PooledSd(SpcSeries series, int start, int baseEnd)
    {
        var equalSizes = true;
        for (var i = start + 1; i < baseEnd; i++)
        {
            equalSizes &= series.Size[i] == series.Size[start];
        }

        if (equalSizes)
        {
            return SpcStatistics.Mean(series.Spread.AsSpan(start, baseEnd - start));
        }

        var squares = 0.0;
        var freedom = 0.0;
        for (var i = start; i < baseEnd; i++)
        {
            squares += (series.Size[i] - 1) * series.Spread[i] * series.Spread[i];
            freedom += series.Size[i] - 1;
        }

        return Math.Sqrt(squares / freedom);
    }

    private static double Ratio(SpcSeries series, int start, int baseEnd)
    {
        var numerator = 0.0;
        var denominator = 0.0;
        for (var i = start; i < baseEnd; i++)
        {
            numerator += series.Primary[i];
            denominator += series.Size[i];
        }

        return numerator / denominator;
    }

    private static void SetSymmetric(SpcLimits limits, int i, double centre, double sigma, bool varies, double floor, double ceiling)
    {
        if (!varies)
        {
            limits.SetWithoutLimits(i, centre);
            return;
        }

        limits.Set(i, centre,
            Math.Max(floor, centre - (Sigmas * sigma)), Math.Min(ceiling, centre + (Sigmas * sigma)),
            Math.Max(floor, centre - (2 * sigma)), Math.Min(ceiling, centre + (2 * sigma)));
    }
}
