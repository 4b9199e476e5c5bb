namespace Bright.Analytics.Spc;

/// <summary>
/// Anhøj's runs rules as qicharts2 0.8.1 applies them to a part (DOMAIN.md 1.10): unusually long runs
/// or unusually few crossings of the centre line signal non-random variation.
/// </summary>
internal static class AnhojRules
{
    /// <summary>Analyses one group's plotted values against its centre line; points exactly on it are dropped.</summary>
    public static SpcRunsAnalysis Analyse(int rebaseGroup, ReadOnlySpan<double> values, ReadOnlySpan<double> centre)
    {
        var useful = 0;
        var longest = 0;
        var run = 0;
        var crossings = 0;
        var previousSide = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var side = Math.Sign(values[i] - centre[i]);
            if (side == 0)
            {
                continue;
            }

            useful++;
            if (side == previousSide)
            {
                run++;
            }
            else
            {
                if (previousSide != 0)
                {
                    crossings++;
                }

                run = 1;
                previousSide = side;
            }

            longest = Math.Max(longest, run);
        }

        var longestRunMax = LongestRunMax(useful);
        var crossingsMin = CrossingsMin(useful);
        var signal = useful > 0 && (longest > longestRunMax || crossings < crossingsMin);
        return new SpcRunsAnalysis(rebaseGroup, useful, longest, longestRunMax, crossings, crossingsMin, signal);
    }

    /// <summary>round(log₂ n) + 3; R rounds half to even, as <see cref="Math.Round(double)"/> does.</summary>
    public static int LongestRunMax(int useful) => useful == 0 ? 0 : (int)Math.Round(Math.Log2(useful)) + 3;

    /// <summary>qbinom(0.05, n − 1, 0.5), computed exactly from the binomial distribution.</summary>
    public static int CrossingsMin(int useful) => SpcStatistics.BinomialQuantileHalf(0.05, useful - 1);
}
