using Bright.Analytics.Spc;

namespace Bright.Analytics.Tests.Spc;

/// <summary>Anhøj's runs rules as qicharts2 0.8.1 applies them (DOMAIN.md 1.10).</summary>
public sealed class AnhojRulesTests
{
    [TestCase(10, 6, 2, Description = "DOMAIN.md 1.10 thresholds")]
    [TestCase(12, 7, 3, Description = "DOMAIN.md 1.10 thresholds")]
    [TestCase(15, 7, 4, Description = "DOMAIN.md 1.10 thresholds")]
    [TestCase(20, 7, 6, Description = "DOMAIN.md 1.10 thresholds")]
    [TestCase(24, 8, 8, Description = "DOMAIN.md 1.10 thresholds")]
    [TestCase(30, 8, 10, Description = "DOMAIN.md 1.10 thresholds")]
    [TestCase(36, 8, 13, Description = "DOMAIN.md 1.10 thresholds")]
    [TestCase(40, 8, 14, Description = "DOMAIN.md 1.10 thresholds")]
    [TestCase(50, 9, 19, Description = "DOMAIN.md 1.10 thresholds")]
    [TestCase(60, 9, 23, Description = "DOMAIN.md 1.10 thresholds")]
    [TestCase(100, 10, 41, Description = "DOMAIN.md 1.10 thresholds")]
    public void A_run_longer_than_round_log2_n_plus_3_or_fewer_crossings_than_the_binomial_quantile_signal(
        int n, int longestRunMax, int crossingsMin)
    {
        Assert.Multiple(() =>
        {
            Assert.That(AnhojRules.LongestRunMax(n), Is.EqualTo(longestRunMax));
            Assert.That(AnhojRules.CrossingsMin(n), Is.EqualTo(crossingsMin));
        });
    }

    [Test]
    public void Points_on_the_centre_line_are_dropped_before_counting_runs_and_crossings()
    {
        double[] values = [1, 1, 0, 1, -1, -1, 1, 0, 1, -1, 1, 1];
        var analysis = AnhojRules.Analyse(2, values, new double[values.Length]);
        Assert.That(analysis, Is.EqualTo(new SpcRunsAnalysis(2, 10, 3, 6, 4, 2, false)));
    }

    [Test]
    public void A_long_run_signals()
    {
        double[] values = [1, 1, 1, 1, 1, 1, 1, -1, 1, -1];
        var analysis = AnhojRules.Analyse(0, values, new double[values.Length]);
        Assert.Multiple(() =>
        {
            Assert.That(analysis.LongestRun, Is.EqualTo(7));
            Assert.That(analysis.Signal, Is.True);
        });
    }

    [Test]
    public void Too_few_crossings_signal()
    {
        double[] values = [1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1];
        var analysis = AnhojRules.Analyse(0, values, new double[values.Length]);
        Assert.Multiple(() =>
        {
            Assert.That(analysis.LongestRun, Is.EqualTo(6));
            Assert.That(analysis.Crossings, Is.EqualTo(1));
            Assert.That(analysis.CrossingsMin, Is.EqualTo(3));
            Assert.That(analysis.Signal, Is.True);
        });
    }

    [Test]
    public void Every_point_on_the_centre_line_leaves_nothing_to_signal()
    {
        var analysis = AnhojRules.Analyse(0, [5, 5, 5], [5, 5, 5]);
        Assert.That(analysis, Is.EqualTo(new SpcRunsAnalysis(0, 0, 0, 0, 0, 0, false)));
    }
}
