using Bright.Analytics.Spc;
using static Bright.Analytics.Tests.Spc.SpcTestSeries;

namespace Bright.Analytics.Tests.Spc;

/// <summary>Xbar and S charts with qicharts2 0.8.1's formulas (DOMAIN.md 1.9).</summary>
public sealed class SubgroupChartTests
{
    private static readonly double[][] Unequal = [[1, 2, 3], [2, 4, 6, 8], [5, 5, 6]];

    private static SpcResult Chart(string chart, double[][] subgroups) => Evaluate(new SpcRequest
    {
        Chart = chart,
        ImprovementDirection = "neutral",
        Points = [.. subgroups.Select((v, i) => new SpcInputPoint { Date = Month(i), Values = v })],
    });

    /// <summary>s = 1, √(20/3) and √(1/3) with n = 3, 4, 3: s̄ = √(Σ(nᵢ−1)sᵢ²/Σ(nᵢ−1)) = √((2 + 20 + 2/3)/7).</summary>
    private static readonly double PooledSBar = Math.Sqrt((2 + 20 + (2.0 / 3)) / 7);

    [Test(Description = "DOMAIN.md 1.9: x̿ = Σnᵢx̄ᵢ/Σnᵢ ± A3(nᵢ)·s̄, s̄ pooled when the nᵢ differ")]
    public void The_xbar_chart_weights_the_grand_mean_and_pools_the_sd_of_unequal_subgroups()
    {
        var result = Chart("xbar", Unequal);
        Assert.Multiple(() =>
        {
            Assert.That(result.Points.Select(p => p.Value), Is.EqualTo(new[] { 2, 5, 16.0 / 3 }).Within(1e-14));
            Assert.That(result.Points[0].Mean, Is.EqualTo(4.2).Within(1e-14));
            Assert.That(result.Points[0].Upl, Is.EqualTo(4.2 + (SpcStatistics.A3(3) * PooledSBar)).Within(1e-12));
            Assert.That(result.Points[1].Upl, Is.EqualTo(4.2 + (SpcStatistics.A3(4) * PooledSBar)).Within(1e-12));
            Assert.That(result.Points[1].Lower2Sigma, Is.EqualTo(4.2 - (2.0 / 3 * SpcStatistics.A3(4) * PooledSBar)).Within(1e-12));
        });
    }

    [Test(Description = "DOMAIN.md 1.9: S chart from B3(nᵢ)·s̄ to B4(nᵢ)·s̄")]
    public void The_s_chart_centres_on_the_pooled_sd_with_B3_and_B4_limits()
    {
        var result = Chart("s", Unequal);
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[1].Value, Is.EqualTo(Math.Sqrt(20.0 / 3)).Within(1e-14));
            Assert.That(result.Points[0].Mean, Is.EqualTo(PooledSBar).Within(1e-14));
            Assert.That(result.Points[0].Upl, Is.EqualTo(SpcStatistics.B4(3) * PooledSBar).Within(1e-12));
            Assert.That(result.Points[0].Lpl, Is.Zero);
            Assert.That(result.Points[1].Upl, Is.EqualTo(SpcStatistics.B4(4) * PooledSBar).Within(1e-12));
        });
    }

    [Test(Description = "DOMAIN.md 1.9: s̄ is the mean of the sᵢ when every nᵢ is equal; A3(5) = 1.427")]
    public void Equal_subgroups_use_the_mean_sd()
    {
        double[][] subgroups = [[1, 2, 3, 4, 5], [2, 2, 3, 3, 4], [1, 3, 5, 7, 9]];
        var sds = subgroups.Select(s => SpcStatistics.MeanAndSampleSd(s).Sd).ToArray();
        var sBar = sds.Average();
        var xbar = Chart("xbar", subgroups);
        var s = Chart("s", subgroups);
        Assert.Multiple(() =>
        {
            Assert.That(xbar.Points[0].Upl! - xbar.Points[0].Mean, Is.EqualTo(1.427 * sBar).Within(5e-4 * sBar));
            Assert.That(s.Points[0].Mean, Is.EqualTo(sBar).Within(1e-14));
            Assert.That(s.Points[0].Upl, Is.EqualTo(2.089 * sBar).Within(5e-4 * sBar));
            Assert.That(s.Points[0].Lpl, Is.Zero);
        });
    }

    [Test]
    public void Subgroups_without_spread_have_null_limits()
    {
        var result = Chart("s", [[3, 3], [4, 4]]);
        Assert.That(result.Points.Select(p => p.Upl), Is.All.Null);
    }
}
