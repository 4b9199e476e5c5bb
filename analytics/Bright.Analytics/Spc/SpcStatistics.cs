namespace Bright.Analytics.Spc;

/// <summary>The numerical building blocks: means as R computes them, the gamma function and control chart constants.</summary>
internal static class SpcStatistics
{
    /// <summary>Lanczos coefficients for g = 7, n = 9 (Numerical Recipes / Godfrey), relative error below 1e-15.</summary>
    private static readonly double[] Lanczos =
    [
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>
    /// The mean as R's <c>mean()</c> computes it: the sum divided by n, then corrected by the mean of the
    /// residuals. The correction keeps series such as 1e12 + small variation accurate, and leaves the
    /// correctly rounded mean of small integer data (DOMAIN.md 1.6: ties on the mean must match) unchanged.
    /// </summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / values.Length;
        if (!double.IsFinite(mean))
        {
            return mean;
        }

        var residual = 0.0;
        foreach (var v in values)
        {
            residual += v - mean;
        }

        return mean + (residual / values.Length);
    }

    /// <summary>The mean and the sample standard deviation (n − 1) of a subgroup of at least two values.</summary>
    public static (double Mean, double Sd) MeanAndSampleSd(IReadOnlyList<double> values)
    {
        var copy = values.ToArray();
        var mean = Mean(copy);
        var squares = 0.0;
        foreach (var v in copy)
        {
            squares += (v - mean) * (v - mean);
        }

        return (mean, Math.Sqrt(squares / (copy.Length - 1)));
    }

    /// <summary>ln Γ(x) for x &gt; 0 by the Lanczos approximation, with the reflection formula below 0.5.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var a = Lanczos[0];
        var t = x + 7.5;
        for (var i = 1; i < Lanczos.Length; i++)
        {
            a += Lanczos[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>c4(n) = √(2/(n−1))·Γ(n/2)/Γ((n−1)/2), the bias of the sample SD (DOMAIN.md 1.9), n ≥ 2.</summary>
    public static double C4(double n) => Math.Sqrt(2 / (n - 1)) * Math.Exp(LogGamma(n / 2) - LogGamma((n - 1) / 2));

    /// <summary>c5(n) = √(1 − c4²), the relative SD of the sample SD.</summary>
    public static double C5(double n)
    {
        var c4 = C4(n);
        return Math.Sqrt(1 - (c4 * c4));
    }

    /// <summary>A3(n) = 3/(c4·√n): the Xbar chart's limit factor on s̄.</summary>
    public static double A3(double n) => 3 / (C4(n) * Math.Sqrt(n));

    /// <summary>B3(n) = max(0, 1 − 3·c5/c4): the S chart's lower limit factor.</summary>
    public static double B3(double n) => Math.Max(0, 1 - (3 * C5(n) / C4(n)));

    /// <summary>B4(n) = 1 + 3·c5/c4: the S chart's upper limit factor.</summary>
    public static double B4(double n) => 1 + (3 * C5(n) / C4(n));

    /// <summary>
    /// qbinom(p, trials, ½): the smallest c with P(X ≤ c) ≥ p for X ~ Bin(trials, ½), summed exactly from
    /// the binomial probabilities in log space (so 2^-trials does not underflow for long series).
    /// </summary>
    public static int BinomialQuantileHalf(double p, int trials)
    {
        if (trials <= 0)
        {
            return 0;
        }

        var logTarget = Math.Log(p);
        var logPmf = trials * Math.Log(0.5);
        var logCdf = logPmf;
        for (var c = 0; c < trials; c++)
        {
            if (logCdf >= logTarget)
            {
                return c;
            }

            logPmf += Math.Log((double)(trials - c) / (c + 1));
            logCdf = LogAddExp(logCdf, logPmf);
        }

        return trials;
    }

    private static double LogAddExp(double a, double b)
    {
        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
