using System.Text.Json;
using Bright.Analytics.Spc;
using static Bright.Analytics.Tests.Spc.SpcTestSeries;

namespace Bright.Analytics.Tests.Spc;

/// <summary>DOMAIN.md 1.1 and 1.6: degenerate series never throw and never produce NaN.</summary>
public sealed class XmrDegenerateTests
{
    private static string Json(SpcResult result) => JsonSerializer.Serialize(result, JsonSerializerOptions.Web);

    [TestCase("nhsr", SpcAssurance.Inconsistent, Description = "DOMAIN.md 1.6")]
    [TestCase("nhse", null, Description = "DOMAIN.md 1.6 and 1.7")]
    public void All_equal_values_have_null_limits_and_only_common_cause(string profile, SpcAssurance? assurance)
    {
        var result = Evaluate(Xmr([.. Enumerable.Repeat(42.0, 15)], target: 40, profile: profile));
        Assert.Multiple(() =>
        {
            Assert.That(result.Points.SelectMany(p => new[] { p.Lpl, p.Upl, p.Lower2Sigma, p.Upper2Sigma }), Is.All.Null);
            Assert.That(result.Points.Select(p => p.Mean), Is.All.EqualTo(42.0));
            Assert.That(result.Points.Select(p => p.PointType), Is.All.EqualTo(SpcPointType.CommonCause));
            Assert.That(result.Points.Select(p => p.Rules), Is.All.Empty);
            Assert.That(result.Assurance, Is.EqualTo(assurance));
            Assert.That(Json(result), Does.Not.Contain("NaN"));
        });
    }

    [Test(Description = "DOMAIN.md 1.1 and 1.6")]
    public void A_one_point_group_after_a_rebase_has_null_limits_and_earlier_groups_keep_theirs()
    {
        double[] values = [10, 12, 11, 13, 12, 30, 12, 11, 13, 12, 50];
        var request = Xmr(values, target: 15) with { Rebase = [Month(10)] };
        var result = Evaluate(request);
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[9].Upl, Is.EqualTo(17.4).Within(1e-7).Percent);
            Assert.That(result.Points[10].RebaseGroup, Is.EqualTo(1));
            Assert.That(result.Points[10].Mean, Is.EqualTo(50));
            Assert.That(result.Points[10].Upl, Is.Null);
            Assert.That(result.Points[10].PointType, Is.EqualTo(SpcPointType.CommonCause));
            Assert.That(result.Assurance, Is.EqualTo(SpcAssurance.Inconsistent));
            Assert.That(result.Runs.Select(r => r.RebaseGroup), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(Json(result), Does.Not.Contain("NaN"));
        });
    }

    [Test(Description = "DOMAIN.md 1.1")]
    public void A_rebase_on_the_first_date_only_renumbers_the_groups()
    {
        double[] values = [10, 12, 11, 13, 12, 30, 12, 11, 13, 12];
        var plain = Evaluate(Xmr(values));
        var rebased = Evaluate(Xmr(values) with { Rebase = [Month(0)] });
        Assert.Multiple(() =>
        {
            Assert.That(rebased.Points.Select(p => p.RebaseGroup), Is.All.EqualTo(1));
            Assert.That(rebased.Points.Select(p => p.Upl), Is.EqualTo(plain.Points.Select(p => p.Upl)));
            Assert.That(rebased.Points.Select(p => p.PointType), Is.EqualTo(plain.Points.Select(p => p.PointType)));
        });
    }

    [Test(Description = "DOMAIN.md 1.1")]
    public void A_rebase_date_matching_no_point_is_ignored()
    {
        double[] values = [10, 12, 11, 13, 12, 30, 12, 11, 13, 12];
        var plain = Evaluate(Xmr(values));
        var rebased = Evaluate(Xmr(values) with { Rebase = [new DateOnly(2024, 3, 15), new DateOnly(2030, 1, 1)] });
        Assert.Multiple(() =>
        {
            Assert.That(rebased.Points.Select(p => p.RebaseGroup), Is.All.Zero);
            Assert.That(rebased.Points.Select(p => p.Upl), Is.EqualTo(plain.Points.Select(p => p.Upl)));
        });
    }

    [Test]
    public void Rules_never_cross_a_rebase()
    {
        double[] values = [5, 5.5, 5, 5.5, 1, 2, 1, 2, 1, 2, 1];
        var result = Evaluate(Xmr(values, direction: "increase") with { Rebase = [Month(4)] });
        Assert.Multiple(() =>
        {
            Assert.That(result.Points.Select(p => p.RebaseGroup), Is.EqualTo(new[] { 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1 }));
            Assert.That(result.Points.Select(p => p.Rules), Is.All.Empty);
            Assert.That(result.Points[4].Mean, Is.EqualTo(10.0 / 7).Within(1e-9));
        });
    }

    [Test]
    public void Two_points_give_limits_and_no_exception()
    {
        var result = Evaluate(Xmr([1, 3], target: 10));
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[0].Mean, Is.EqualTo(2));
            Assert.That(result.Points[0].Upl, Is.EqualTo(2 + (2.66 * 2)).Within(1e-12));
            Assert.That(result.Assurance, Is.EqualTo(SpcAssurance.Fail));
            Assert.That(result.Runs[0].UsefulPoints, Is.EqualTo(2));
        });
    }

    [Test]
    public void A_single_point_has_null_limits_and_no_exception()
    {
        var result = Evaluate(Xmr([7], target: 10));
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[0].Upl, Is.Null);
            Assert.That(result.Variation, Is.EqualTo(SpcVariation.CommonCause));
            Assert.That(Json(result), Does.Not.Contain("NaN"));
        });
    }

    [Test]
    public void Values_around_a_trillion_with_small_variation_keep_exact_limits()
    {
        double[] small = [10, 12, 11, 13, 12, 30, 12, 11, 13, 12];
        var result = Evaluate(Xmr([.. small.Select(v => 1e12 + v)]));
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[0].Mean - 1e12, Is.EqualTo(13.6).Within(1e-3));
            Assert.That(result.Points[0].Upl!.Value - 1e12, Is.EqualTo(17.4).Within(1e-3));
            Assert.That(result.Points[0].Lpl!.Value - 1e12, Is.EqualTo(9.8).Within(1e-3));
            Assert.That(result.Points.Select(p => p.PointType), Is.EqualTo(Evaluate(Xmr(small)).Points.Select(p => p.PointType)));
        });
    }

    [Test]
    public void Negative_values_are_analysed_like_any_other()
    {
        double[] values = [-10, -12, -11, -13, -12, -30, -12, -11, -13, -12];
        var result = Evaluate(Xmr(values, direction: "decrease", target: -15));
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[0].Mean, Is.EqualTo(-13.6).Within(1e-7).Percent);
            Assert.That(result.Points[0].Lpl, Is.EqualTo(-17.4).Within(1e-7).Percent);
            Assert.That(result.Points[5].Rules, Is.EqualTo(new[] { SpcRule.OutsideLower }));
            Assert.That(result.Points[5].PointType, Is.EqualTo(SpcPointType.SpecialCauseImprovement));
            Assert.That(result.Points[0].PointType, Is.EqualTo(SpcPointType.SpecialCauseConcern));
            Assert.That(result.Assurance, Is.EqualTo(SpcAssurance.Inconsistent));
        });
    }

    [Test]
    public void Points_sent_out_of_order_are_sorted_by_date()
    {
        var request = Xmr([10, 12, 11, 13, 12, 30, 12, 11, 13, 12]);
        var reversed = request with { Points = [.. request.Points!.Reverse()] };
        Assert.That(Evaluate(reversed).Points.Select(p => p.Value), Is.EqualTo(Evaluate(request).Points.Select(p => p.Value)));
    }

    [Test]
    public void Fixed_limits_come_from_the_first_points_of_each_group_only()
    {
        double[] values = [10, 12, 11, 13, 12, 30, 12, 11, 13, 12, 40, 41, 42];
        var result = Evaluate(Xmr(values) with { FixAfterPoints = 10 });
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[12].Upl, Is.EqualTo(17.4).Within(1e-7).Percent);
            Assert.That(result.Points.Skip(10).SelectMany(p => p.Rules),
                Is.All.EqualTo(SpcRule.OutsideUpper).Or.EqualTo(SpcRule.ShiftAbove));
            Assert.That(result.Variation, Is.EqualTo(SpcVariation.ImprovementHigh));
        });
    }

    [Test]
    public void A_hundred_thousand_points_are_analysed_without_NaN()
    {
        var random = new Random(20240101);
        var values = new double[100_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 100 + (random.NextDouble() * 10);
        }

        var request = new SpcRequest
        {
            ImprovementDirection = "increase",
            Rebase = [new DateOnly(2000, 1, 1).AddDays(50_000)],
            Points = [.. values.Select((v, i) => new SpcInputPoint { Date = new DateOnly(2000, 1, 1).AddDays(i), Value = v })],
        };
        var result = Evaluate(request);
        Assert.Multiple(() =>
        {
            Assert.That(result.Points, Has.Count.EqualTo(100_000));
            Assert.That(result.Runs, Has.Count.EqualTo(2));
            Assert.That(Json(result), Does.Not.Contain("NaN"));
        });
    }
}
