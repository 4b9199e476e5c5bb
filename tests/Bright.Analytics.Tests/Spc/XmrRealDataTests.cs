using Bright.Analytics.Spc;

namespace Bright.Analytics.Tests.Spc;

/// <summary>DOMAIN.md 1.8 "Real data": England, all types, April 2016 to March 2019, profile nhsr, increase, target 95%.</summary>
public sealed class XmrRealDataTests
{
    private static SpcRequest Request((DateOnly Month, double Performance)[] series, double? target = 0.95) => new()
    {
        Chart = "xmr",
        ImprovementDirection = "increase",
        Target = target,
        Points = [.. series.Select(p => new SpcInputPoint { Date = p.Month, Value = p.Performance })],
    };

    private static SpcResult England() =>
        SpcTestSeries.Evaluate(Request(AeAttendancesData.Performance((_, _) => true)), new() { Formatter = SpcValueFormatter.Percent });

    [Test(Description = "DOMAIN.md 1.8 real data")]
    public void England_four_hour_performance_has_the_published_mean_and_limits()
    {
        var result = England();
        Assert.Multiple(() =>
        {
            Assert.That(result.Points, Has.Count.EqualTo(36));
            Assert.That(result.Points[0].Mean, Is.EqualTo(0.884706).Within(1e-6));
            Assert.That(result.Points[0].Lpl, Is.EqualTo(0.860447).Within(1e-6));
            Assert.That(result.Points[0].Upl, Is.EqualTo(0.908964).Within(1e-6));
        });
    }

    [Test(Description = "DOMAIN.md 1.8 real data")]
    public void Every_winter_has_months_below_the_lower_limit()
    {
        var below = England().Points.Where(p => p.Rules.Contains(SpcRule.OutsideLower)).Select(p => p.Date);
        Assert.That(below, Is.EqualTo(new DateOnly[]
        {
            new(2017, 1, 1), new(2017, 12, 1), new(2018, 1, 1), new(2018, 2, 1), new(2018, 3, 1), new(2019, 1, 1), new(2019, 2, 1),
        }));
    }

    [Test(Description = "DOMAIN.md 1.8 real data")]
    public void March_2019_is_common_cause_and_the_95_percent_target_fails()
    {
        var result = England();
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[^1].Value, Is.EqualTo(0.8660).Within(5e-5));
            Assert.That(result.Points[^1].PointType, Is.EqualTo(SpcPointType.CommonCause));
            Assert.That(result.Variation, Is.EqualTo(SpcVariation.CommonCause));
            Assert.That(result.Assurance, Is.EqualTo(SpcAssurance.Fail));
            Assert.That(result.Narrative, Is.EqualTo(
                "Common cause variation, no significant change: mean 88.5%, limits 86% to 90.9%; "
                + "the target of 95% will consistently be missed unless the process changes."));
            Assert.That(result.Warnings, Is.Empty);
        });
    }

    [Test]
    public void A_site_that_never_breaches_has_null_limits_and_is_all_common_cause()
    {
        var series = AeAttendancesData.Performance((org, type) => org == "RQ6" && type == "other");
        var result = SpcTestSeries.Evaluate(Request(series), new() { Formatter = SpcValueFormatter.Percent });
        Assert.Multiple(() =>
        {
            Assert.That(result.Points, Has.Count.EqualTo(36));
            Assert.That(result.Points.Select(p => p.Value), Is.All.EqualTo(1.0));
            Assert.That(result.Points.SelectMany(p => new[] { p.Lpl, p.Upl, p.Lower2Sigma, p.Upper2Sigma }), Is.All.Null);
            Assert.That(result.Points.Select(p => p.PointType), Is.All.EqualTo(SpcPointType.CommonCause));
            Assert.That(result.Points.Select(p => p.Rules), Is.All.Empty);
            Assert.That(result.Variation, Is.EqualTo(SpcVariation.CommonCause));
            Assert.That(result.Assurance, Is.EqualTo(SpcAssurance.Inconsistent));
            Assert.That(result.Narrative, Is.EqualTo(
                "Common cause variation, no significant change: mean 100%, no variation; the target of 95% is not consistently met."));
        });
    }
}
