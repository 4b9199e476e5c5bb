namespace Bright.Analytics.Forecasting;

/// <summary>
/// Split-conformal prediction intervals: the half-width at level 1 − α for step h is the
/// ⌈(k + 1)(1 − α)⌉-th smallest absolute out-of-sample residual among the k backtest residuals in h's bucket
/// (the horizon split into up to four buckets, so later steps get wider intervals). A bucket with fewer than
/// 20 residuals borrows from the whole horizon.
/// </summary>
internal sealed class ConformalIntervals
{
    private const int Buckets = 4;
    private const int MinPerBucket = 20;

    private readonly IReadOnlyList<double[]> _residuals;
    private readonly int _horizon;
    private readonly int _buckets;

    /// <param name="residuals">Per backtest window, actual − forecast for steps 1..horizon.</param>
    /// <param name="horizon">Steps per window.</param>
    public ConformalIntervals(IReadOnlyList<double[]> residuals, int horizon)
    {
        _residuals = residuals;
        _horizon = horizon;
        _buckets = Math.Min(Buckets, horizon);
    }

    /// <summary>Half-widths of the 80% and 95% intervals at step <paramref name="h"/> (1-based).</summary>
    public (double W80, double W95) HalfWidths(int h) => (HalfWidth(h, 0.80, -1), HalfWidth(h, 0.95, -1));

    /// <summary>
    /// Coverage at <paramref name="level"/> measured honestly: each window's actuals against intervals calibrated on
    /// the other windows only. Null with fewer than two windows.
    /// </summary>
    public double? LeaveOneOutCoverage(IReadOnlyList<double[]> actual, IReadOnlyList<double[]> forecast, double level, double floor)
    {
        if (_residuals.Count < 2)
        {
            return null;
        }

        var inside = 0;
        var total = 0;
        for (var w = 0; w < _residuals.Count; w++)
        {
            for (var h = 1; h <= _horizon; h++)
            {
                var half = HalfWidth(h, level, w);
                var mean = forecast[w][h - 1];
                var y = actual[w][h - 1];
                inside += y >= Math.Max(floor, mean - half) && y <= mean + half ? 1 : 0;
                total++;
            }
        }

        return (double)inside / total;
    }

    private double HalfWidth(int h, double level, int leaveOut)
    {
        var bucket = Bucket(h);
        var pool = Pool(r => Bucket(r) == bucket, leaveOut);
        if (pool.Count < MinPerBucket)
        {
            pool = Pool(_ => true, leaveOut);
        }

        if (pool.Count == 0)
        {
            return double.PositiveInfinity;
        }

        pool.Sort();
        var rank = (int)Math.Ceiling((pool.Count + 1) * level);
        return pool[Math.Min(rank, pool.Count) - 1];
    }

    private List<double> Pool(Func<int, bool> step, int leaveOut)
    {
        var pool = new List<double>();
        for (var w = 0; w < _residuals.Count; w++)
        {
            if (w == leaveOut)
            {
                continue;
            }

            for (var h = 1; h <= _horizon; h++)
            {
                if (step(h))
                {
                    pool.Add(Math.Abs(_residuals[w][h - 1]));
                }
            }
        }

        return pool;
    }

    private int Bucket(int h) => (h - 1) * _buckets / _horizon;
}
