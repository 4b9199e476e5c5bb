namespace Bright.Analytics.Spc;

/// <summary>
/// Per-point centre line, limits and 2σ lines of a series, in parallel arrays. A point without limits
/// (no variation, or a run-chart group) has NaN limits here; results turn them into null.
/// </summary>
internal sealed class SpcLimits
{
    public SpcLimits(int count)
    {
        Mean = new double[count];
        Lpl = new double[count];
        Upl = new double[count];
        Lower2Sigma = new double[count];
        Upper2Sigma = new double[count];
    }

    public double[] Mean { get; }

    public double[] Lpl { get; }

    public double[] Upl { get; }

    public double[] Lower2Sigma { get; }

    public double[] Upper2Sigma { get; }

    public bool HasLimits(int i) => !double.IsNaN(Upl[i]);

    public void Set(int i, double mean, double lpl, double upl, double lower2Sigma, double upper2Sigma)
    {
        Mean[i] = mean;
        Lpl[i] = lpl;
        Upl[i] = upl;
        Lower2Sigma[i] = lower2Sigma;
        Upper2Sigma[i] = upper2Sigma;
    }

    public void SetWithoutLimits(int i, double mean) => Set(i, mean, double.NaN, double.NaN, double.NaN, double.NaN);
}
