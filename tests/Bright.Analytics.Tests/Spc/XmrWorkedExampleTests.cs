using Bright.Analytics.Spc;
using static Bright.Analytics.Tests.Spc.SpcTestSeries;

namespace Bright.Analytics.Tests.Spc;

/// <summary>
/// DOMAIN.md 1.8: monthly values Jan–Oct 2024, direction increase, target 15. Exact figures are compared
/// with a relative tolerance of 1e-9 (NUnit's <c>Within(1e-7).Percent</c>); figures the table rounds to six
/// decimals, within half a unit of the sixth.
/// </summary>
public sealed class XmrWorkedExampleTests
{
    private static readonly double[] Values = [10, 12, 11, 13, 12, 30, 12, 11, 13, 12];

    private static SpcResult Nhsr() => Evaluate(Xmr(Values, target: 15));

    [Test(Description = "DOMAIN.md 1.8 worked example")]
    public void Screened_limits_keep_the_mean_and_drop_both_moving_ranges_of_18()
    {
        var point = Nhsr().Points[0];
        Assert.Multiple(() =>
        {
            Assert.That(point.Mean, Is.EqualTo(13.6).Within(1e-7).Percent);
            Assert.That(point.Upl, Is.EqualTo(17.4).Within(1e-7).Percent);
            Assert.That(point.Lpl, Is.EqualTo(9.8).Within(1e-7).Percent);
            Assert.That(point.Lower2Sigma, Is.EqualTo(13.6 - (2 * 2.66 / 3 * 10 / 7)).Within(1e-7).Percent);
            Assert.That(point.Upper2Sigma, Is.EqualTo(16.133333).Within(5e-7));
            Assert.That(point.Lower2Sigma, Is.EqualTo(11.066667).Within(5e-7));
        });
    }

    [Test(Description = "DOMAIN.md 1.8 worked example")]
    public void The_lower_limit_is_computed_in_double_as_the_package_does()
    {
        Assert.That(Nhsr().Points[0].Lpl, Is.EqualTo(9.799999999999999));
    }

    [Test(Description = "DOMAIN.md 1.8 worked example")]
    public void Average_moving_range_after_screening_is_ten_sevenths()
    {
        var (mean, amr) = XmrLimits.MeanAndAmr(Values, SpcSettings.Nhsr);
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(13.6).Within(1e-7).Percent);
            Assert.That(amr, Is.EqualTo(10.0 / 7).Within(1e-7).Percent);
        });
    }

    [TestCase(0, SpcPointType.SpecialCauseConcern, new[] { SpcRule.TwoInThreeBelow }, Description = "DOMAIN.md 1.8: Jan is close")]
    [TestCase(1, SpcPointType.CommonCause, new SpcRule[0], Description = "DOMAIN.md 1.8")]
    [TestCase(2, SpcPointType.SpecialCauseConcern, new[] { SpcRule.TwoInThreeBelow }, Description = "DOMAIN.md 1.8: Mar is close")]
    [TestCase(3, SpcPointType.CommonCause, new SpcRule[0], Description = "DOMAIN.md 1.8")]
    [TestCase(4, SpcPointType.CommonCause, new SpcRule[0], Description = "DOMAIN.md 1.8")]
    [TestCase(5, SpcPointType.SpecialCauseImprovement, new[] { SpcRule.OutsideUpper }, Description = "DOMAIN.md 1.8: Jun")]
    [TestCase(6, SpcPointType.CommonCause, new SpcRule[0], Description = "DOMAIN.md 1.8")]
    [TestCase(7, SpcPointType.CommonCause, new SpcRule[0], Description = "DOMAIN.md 1.8: Aug is close, alone")]
    [TestCase(8, SpcPointType.CommonCause, new SpcRule[0], Description = "DOMAIN.md 1.8")]
    [TestCase(9, SpcPointType.CommonCause, new SpcRule[0], Description = "DOMAIN.md 1.8")]
    public void Each_point_meets_exactly_the_worked_example_rules(int index, SpcPointType type, SpcRule[] rules)
    {
        var point = Nhsr().Points[index];
        Assert.Multiple(() =>
        {
            Assert.That(point.PointType, Is.EqualTo(type));
            Assert.That(point.Rules, Is.EqualTo(rules));
            Assert.That(point.Date, Is.EqualTo(Month(index)));
            Assert.That(point.RebaseGroup, Is.Zero);
        });
    }

    [Test(Description = "DOMAIN.md 1.8 worked example")]
    public void Last_point_common_cause_and_target_between_limits_give_common_cause_and_inconsistent()
    {
        var result = Nhsr();
        Assert.Multiple(() =>
        {
            Assert.That(result.Variation, Is.EqualTo(SpcVariation.CommonCause));
            Assert.That(result.Assurance, Is.EqualTo(SpcAssurance.Inconsistent));
        });
    }

    [Test(Description = "DOMAIN.md 1.8 worked example")]
    public void Ten_points_warn_that_the_group_is_short()
    {
        Assert.That(Nhsr().Warnings, Is.EqualTo(new[]
        {
            "Group 0 (from 2024-01-01) has 10 points, fewer than 13: its limits are provisional.",
        }));
    }

    [Test(Description = "DOMAIN.md 1.8 worked example")]
    public void Screening_off_uses_the_unscreened_moving_range_and_flags_June_only()
    {
        var result = Evaluate(Xmr(Values, target: 15, screen: false));
        var point = result.Points[0];
        Assert.Multiple(() =>
        {
            Assert.That(point.Mean, Is.EqualTo(13.6).Within(1e-7).Percent);
            Assert.That(point.Upl, Is.EqualTo(27.195556).Within(5e-7));
            Assert.That(point.Lpl, Is.EqualTo(0.004444).Within(5e-7));
            Assert.That(point.Lower2Sigma, Is.EqualTo(4.536296).Within(5e-7));
            Assert.That(point.Upper2Sigma, Is.EqualTo(22.663704).Within(5e-7));
            Assert.That(FlaggedIndexes(result), Is.EqualTo(new[] { 5 }));
        });
    }

    [Test(Description = "DOMAIN.md 1.8 worked example")]
    public void Nhse_defaults_without_the_run_chart_threshold_match_screening_off()
    {
        var result = Evaluate(Xmr(Values, target: 15, profile: "nhse", settings: new() { RunChartBelowPoints = 0 }));
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[0].Upl, Is.EqualTo(27.195556).Within(5e-7));
            Assert.That(result.Points[0].Lpl, Is.EqualTo(0.004444).Within(5e-7));
            Assert.That(FlaggedIndexes(result), Is.EqualTo(new[] { 5 }));
            Assert.That(result.Points[5].PointType, Is.EqualTo(SpcPointType.SpecialCauseImprovement));
        });
    }

    [Test(Description = "DOMAIN.md 1.8 worked example")]
    public void Nhse_screening_recomputes_the_mean_without_June_and_July()
    {
        var result = Evaluate(Xmr(Values, target: 15, profile: "nhse", screen: true, settings: new() { RunChartBelowPoints = 0 }));
        var point = result.Points[0];
        Assert.Multiple(() =>
        {
            Assert.That(point.Mean, Is.EqualTo(11.75).Within(1e-7).Percent);
            Assert.That(point.Upl, Is.EqualTo(15.55).Within(1e-7).Percent);
            Assert.That(point.Lpl, Is.EqualTo(7.95).Within(1e-7).Percent);
            Assert.That(point.Lower2Sigma, Is.EqualTo(9.216667).Within(5e-7));
            Assert.That(point.Upper2Sigma, Is.EqualTo(14.283333).Within(5e-7));
            Assert.That(FlaggedIndexes(result), Is.EqualTo(new[] { 5 }));
        });
    }

    [Test(Description = "DOMAIN.md 1.8 worked example")]
    public void Nhse_with_ten_points_is_a_run_chart_without_limits_flags_or_assurance()
    {
        var result = Evaluate(Xmr(Values, target: 15, profile: "nhse"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Points.Select(p => p.Upl), Is.All.Null);
            Assert.That(FlaggedIndexes(result), Is.Empty);
            Assert.That(result.Variation, Is.EqualTo(SpcVariation.CommonCause));
            Assert.That(result.Assurance, Is.Null);
            Assert.That(result.Warnings[0], Is.EqualTo(
                "Group 0 (from 2024-01-01) has 10 points, fewer than 13: it is a run chart without limits, rules or icons."));
        });
    }

    private static int[] FlaggedIndexes(SpcResult result) =>
        [.. result.Points.Select((p, i) => (p, i)).Where(x => x.p.Rules.Count > 0).Select(x => x.i)];
}
