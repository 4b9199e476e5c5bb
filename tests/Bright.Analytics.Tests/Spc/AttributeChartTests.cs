using Bright.Analytics.Spc;
using static Bright.Analytics.Tests.Spc.SpcTestSeries;

namespace Bright.Analytics.Tests.Spc;

/// <summary>p, u and c charts with qicharts2 0.8.1's formulas (DOMAIN.md 1.9) and the profile's MDC rules.</summary>
public sealed class AttributeChartTests
{
    private static SpcResult Chart(string chart, (double Y, double N)[] points, string direction = "decrease", string profile = "nhsr") =>
        Evaluate(new SpcRequest
        {
            Chart = chart,
            Profile = profile,
            ImprovementDirection = direction,
            Points = [.. points.Select((p, i) => new SpcInputPoint { Date = Month(i), Numerator = p.Y, Denominator = p.N })],
        });

    [Test(Description = "DOMAIN.md 1.9: p̄ = Σy/Σn, not the mean of the pᵢ")]
    public void The_p_chart_centre_line_is_weighted_by_the_denominators()
    {
        var result = Chart("p", [(1, 10), (90, 100)]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[0].Mean, Is.EqualTo(91.0 / 110).Within(1e-15));
            Assert.That(result.Points[0].Value, Is.EqualTo(0.1));
            Assert.That(result.Points[1].Value, Is.EqualTo(0.9));
        });
    }

    [Test(Description = "DOMAIN.md 1.9: p̄ ± 3√(p̄(1−p̄)/nᵢ), steps with nᵢ")]
    public void The_p_chart_limits_step_with_each_denominator()
    {
        (double, double)[] points = [(1, 10), (2, 20), (0, 5), (5, 50)];
        var result = Chart("p", points);
        var p = 8.0 / 85;
        Assert.Multiple(() =>
        {
            for (var i = 0; i < points.Length; i++)
            {
                var sigma = Math.Sqrt(p * (1 - p) / points[i].Item2);
                Assert.That(result.Points[i].Upl, Is.EqualTo(p + (3 * sigma)).Within(1e-15), $"UCL {i}");
                Assert.That(result.Points[i].Upper2Sigma, Is.EqualTo(p + (2 * sigma)).Within(1e-15), $"2σ {i}");
                Assert.That(result.Points[i].Lpl, Is.EqualTo(Math.Max(0, p - (3 * sigma))).Within(1e-15), $"LCL {i}");
            }
        });
    }

    [Test(Description = "DOMAIN.md 1.9: p limits clipped to [0, 1]")]
    public void The_p_chart_clips_the_lower_limit_at_0_and_the_upper_at_1()
    {
        var low = Chart("p", [(1, 10), (0, 5), (2, 20)]);
        var high = Chart("p", [(9, 10), (2, 2), (18, 20)]);
        Assert.Multiple(() =>
        {
            Assert.That(low.Points[1].Lpl, Is.Zero);
            Assert.That(low.Points[1].Lower2Sigma, Is.Zero);
            Assert.That(high.Points[1].Upl, Is.EqualTo(1));
            Assert.That(high.Points[1].Upper2Sigma, Is.EqualTo(1));
            Assert.That(high.Points[1].Rules, Is.Empty, "1 is not strictly above a limit clipped to 1");
        });
    }

    [Test(Description = "DOMAIN.md 1.9: ū ± 3√(ū/nᵢ), LCL ≥ 0")]
    public void The_u_chart_uses_the_pooled_rate_and_clips_its_lower_limit_at_0()
    {
        var result = Chart("u", [(3, 2), (10, 4), (1, 1)]);
        var u = 14.0 / 7;
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[0].Mean, Is.EqualTo(u));
            Assert.That(result.Points[1].Upl, Is.EqualTo(u + (3 * Math.Sqrt(u / 4))).Within(1e-15));
            Assert.That(result.Points[2].Lpl, Is.Zero);
            Assert.That(result.Points[1].Value, Is.EqualTo(2.5));
        });
    }

    [Test(Description = "DOMAIN.md 1.9: c̄ ± 3√c̄, LCL ≥ 0")]
    public void The_c_chart_uses_the_mean_count()
    {
        var result = Chart("c", [(4, 0), (9, 0), (2, 0), (5, 0)]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[0].Mean, Is.EqualTo(5));
            Assert.That(result.Points[0].Upl, Is.EqualTo(5 + (3 * Math.Sqrt(5))).Within(1e-14));
            Assert.That(result.Points[0].Lpl, Is.Zero);
            Assert.That(result.Points[0].Lower2Sigma, Is.EqualTo(5 - (2 * Math.Sqrt(5))).Within(1e-14));
        });
    }

    [Test]
    public void Making_Data_Count_rules_apply_to_the_charts_own_limits()
    {
        (double, double)[] points = [.. Enumerable.Repeat((10.0, 100.0), 14), (40.0, 100.0)];
        var result = Chart("p", points, direction: "decrease");
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[^1].Rules, Is.EqualTo(new[] { SpcRule.OutsideUpper }));
            Assert.That(result.Points[^1].PointType, Is.EqualTo(SpcPointType.SpecialCauseConcern));
            Assert.That(result.Variation, Is.EqualTo(SpcVariation.ConcernHigh));
            Assert.That(result.Points[0].Rules, Is.EqualTo(new[] { SpcRule.ShiftBelow }));
            Assert.That(result.Runs[0].LongestRun, Is.EqualTo(14));
            Assert.That(result.Runs[0].Signal, Is.True);
        });
    }

    [Test]
    public void A_proportion_that_never_varies_has_null_limits()
    {
        var result = Chart("p", [(0, 10), (0, 20), (0, 30)]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Points.Select(p => p.Upl), Is.All.Null);
            Assert.That(result.Points.Select(p => p.Mean), Is.All.Zero);
        });
    }

    [Test]
    public void Fixing_the_base_sets_the_centre_line_from_the_first_points_only()
    {
        var request = new SpcRequest
        {
            Chart = "c",
            ImprovementDirection = "decrease",
            FixAfterPoints = 2,
            Points = [.. new double[] { 4, 6, 30, 40 }.Select((y, i) => new SpcInputPoint { Date = Month(i), Numerator = y })],
        };
        var result = Evaluate(request);
        Assert.Multiple(() =>
        {
            Assert.That(result.Points.Select(p => p.Mean), Is.All.EqualTo(5));
            Assert.That(result.Points[3].Rules, Is.EqualTo(new[] { SpcRule.OutsideUpper }));
        });
    }
}
