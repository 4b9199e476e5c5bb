using Bright.Analytics.Spc;

namespace Bright.Analytics.Tests.Spc;

public sealed class SpcStatisticsTests
{
    [TestCase(5, 0.9400, 1.427, 0.0, 2.089, Description = "DOMAIN.md 1.9 constants for n = 5")]
    [TestCase(2, 0.7979, 2.659, 0.0, 3.267, Description = "Montgomery, Appendix VI, n = 2")]
    [TestCase(10, 0.9727, 0.975, 0.284, 1.716, Description = "Montgomery, Appendix VI, n = 10")]
    [TestCase(25, 0.9896, 0.606, 0.565, 1.435, Description = "Montgomery, Appendix VI, n = 25")]
    public void Control_chart_constants_follow_from_the_gamma_function(int n, double c4, double a3, double b3, double b4)
    {
        Assert.Multiple(() =>
        {
            Assert.That(SpcStatistics.C4(n), Is.EqualTo(c4).Within(5e-5));
            Assert.That(SpcStatistics.A3(n), Is.EqualTo(a3).Within(5e-4));
            Assert.That(SpcStatistics.B3(n), Is.EqualTo(b3).Within(5e-4));
            Assert.That(SpcStatistics.B4(n), Is.EqualTo(b4).Within(5e-4));
        });
    }

    [TestCase(1.0, 0.0)]
    [TestCase(2.0, 0.0)]
    [TestCase(0.5, 0.5723649429247004, Description = "ln √π")]
    [TestCase(2.5, 0.2846828704729196)]
    [TestCase(10.0, 12.801827480081467, Description = "ln 9!")]
    [TestCase(100.5, 361.4355404677776)]
    [TestCase(1000.5, 5908.674175848678)]
    public void Log_gamma_matches_known_values(double x, double expected)
    {
        Assert.That(SpcStatistics.LogGamma(x), Is.EqualTo(expected).Within(1e-12 + (1e-13 * expected)));
    }

    [Test]
    public void The_mean_of_values_near_a_trillion_is_exact_to_the_last_digits()
    {
        double[] values = [.. Enumerable.Range(0, 1000).Select(i => 1e12 + (i % 7))];
        var exact = 1e12 + (Enumerable.Range(0, 1000).Sum(i => i % 7) / 1000.0);
        Assert.That(SpcStatistics.Mean(values), Is.EqualTo(exact).Within(1e-3));
    }

    [Test]
    public void The_binomial_quantile_is_the_smallest_count_reaching_five_percent()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SpcStatistics.BinomialQuantileHalf(0.05, 9), Is.EqualTo(2), "P(X ≤ 1) = 10/512 < 0.05 ≤ P(X ≤ 2) = 46/512");
            Assert.That(SpcStatistics.BinomialQuantileHalf(0.05, 0), Is.Zero);
            Assert.That(SpcStatistics.BinomialQuantileHalf(0.05, 99_999), Is.InRange(49_700, 49_750));
        });
    }
}
