using Bright.Analytics.Spc;
using static Bright.Analytics.Tests.Spc.SpcTestSeries;

namespace Bright.Analytics.Tests.Spc;

/// <summary>Garbage in: every refusal names the field, the point's index in the request and the value.</summary>
public sealed class SpcRequestValidatorTests
{
    private static string[] Errors(SpcRequest request)
    {
        var outcome = SpcEngine.Evaluate(request);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Succeeded, Is.False);
            Assert.That(outcome.Result, Is.Null);
        });
        return [.. outcome.Errors.Select(e => e.ToString())];
    }

    private static SpcRequest Counts(string chart, params (double? Numerator, double? Denominator)[] points) => new()
    {
        Chart = chart,
        ImprovementDirection = "decrease",
        Points = [.. points.Select((p, i) => new SpcInputPoint { Date = Month(i), Numerator = p.Numerator, Denominator = p.Denominator })],
    };

    private static SpcRequest Subgroups(string chart, params double[][] values) => new()
    {
        Chart = chart,
        ImprovementDirection = "neutral",
        Points = [.. values.Select((v, i) => new SpcInputPoint { Date = Month(i), Values = v })],
    };

    [TestCase(double.NaN, "points[3].value: must be a finite number (was NaN)")]
    [TestCase(double.PositiveInfinity, "points[3].value: must be a finite number (was Infinity)")]
    [TestCase(double.NegativeInfinity, "points[3].value: must be a finite number (was -Infinity)")]
    public void A_non_finite_value_is_refused_naming_the_point(double value, string expected)
    {
        var request = Xmr([1, 2, 3, 4, 5]);
        var points = request.Points!.ToArray();
        points[3] = points[3] with { Value = value };
        Assert.That(Errors(request with { Points = points }), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void A_missing_value_is_refused_rather_than_guessed()
    {
        var request = Xmr([1, 2, 3]);
        var points = request.Points!.ToArray();
        points[1] = points[1] with { Value = null };
        Assert.That(Errors(request with { Points = points }), Is.EqualTo(new[] { "points[1].value: must be a finite number (was null)" }));
    }

    [Test]
    public void A_repeated_date_is_refused_naming_both_points()
    {
        var request = Xmr([1, 2, 3, 4]);
        var points = request.Points!.ToArray();
        points[3] = points[3] with { Date = Month(1) };
        Assert.That(Errors(request with { Points = points }),
            Is.EqualTo(new[] { "points[3].date: repeats the date of points[1] (2024-02-01)" }));
    }

    [Test]
    public void An_unknown_chart_profile_and_direction_are_each_refused()
    {
        var request = Xmr([1, 2, 3]) with { Chart = "pareto", Profile = "nhs", ImprovementDirection = "up" };
        Assert.That(Errors(request), Is.EqualTo(new[]
        {
            "chart: must be one of xmr, p, u, c, xbar, s (was \"pareto\")",
            "profile: must be one of nhsr, nhse (was \"nhs\")",
            "improvementDirection: must be one of increase, decrease, neutral (was \"up\")",
        }));
    }

    [Test]
    public void A_missing_direction_is_refused()
    {
        Assert.That(Errors(Xmr([1, 2, 3]) with { ImprovementDirection = null }),
            Is.EqualTo(new[] { "improvementDirection: must be one of increase, decrease, neutral (was null)" }));
    }

    [TestCase(1, "fixAfterPoints: must be at least 2 (was 1)")]
    [TestCase(0, "fixAfterPoints: must be at least 2 (was 0)")]
    [TestCase(-5, "fixAfterPoints: must be at least 2 (was -5)")]
    public void Fixing_limits_after_fewer_than_two_points_is_refused(int k, string expected)
    {
        Assert.That(Errors(Xmr([1, 2, 3]) with { FixAfterPoints = k }), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void A_non_finite_target_is_refused()
    {
        Assert.That(Errors(Xmr([1, 2, 3], target: double.NaN)), Is.EqualTo(new[] { "target: must be a finite number (was NaN)" }));
    }

    [Test]
    public void No_points_is_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors(Xmr([])), Is.EqualTo(new[] { "points: must contain at least one point" }));
            Assert.That(Errors(Xmr([]) with { Points = null }), Is.EqualTo(new[] { "points: must contain at least one point" }));
        });
    }

    [Test]
    public void Setting_overrides_out_of_range_are_refused()
    {
        var request = Xmr([1, 2, 3], settings: new() { ShiftLength = 1, TrendLength = 0, RunChartBelowPoints = -1 });
        Assert.That(Errors(request), Is.EqualTo(new[]
        {
            "settings.shiftLength: must be at least 2 (was 1)",
            "settings.trendLength: must be at least 2 (was 0)",
            "settings.runChartBelowPoints: must be at least 0 (was -1)",
        }));
    }

    [TestCase("p")]
    [TestCase("u")]
    public void Missing_numerator_and_denominator_are_refused_for_ratio_charts(string chart)
    {
        Assert.That(Errors(Counts(chart, (1, 10), (null, 10), (1, null))), Is.EqualTo(new[]
        {
            "points[1].numerator: must be a finite number (was null)",
            "points[2].denominator: must be a finite number (was null)",
        }));
    }

    [Test]
    public void A_missing_count_is_refused_for_a_c_chart_whose_denominator_is_not_needed()
    {
        Assert.That(Errors(Counts("c", (1, null), (null, null))),
            Is.EqualTo(new[] { "points[1].numerator: must be a finite number (was null)" }));
    }

    [TestCase(0.0, "points[0].denominator: must be greater than 0 (was 0)")]
    [TestCase(-3.0, "points[0].denominator: must be greater than 0 (was -3)")]
    public void A_denominator_of_zero_or_less_is_refused(double denominator, string expected)
    {
        Assert.That(Errors(Counts("u", (1, denominator), (1, 10))), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void A_numerator_above_its_denominator_is_refused_for_a_p_chart_only()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors(Counts("p", (1, 10), (12, 10))),
                Is.EqualTo(new[] { "points[1].numerator: must not exceed the denominator for a p chart (was 12 > 10)" }));
            Assert.That(SpcEngine.Evaluate(Counts("u", (1, 10), (12, 10))).Succeeded, Is.True);
        });
    }

    [Test]
    public void A_negative_count_is_refused()
    {
        Assert.That(Errors(Counts("c", (-1, null))),
            Is.EqualTo(new[] { "points[0].numerator: must not be negative for a c chart (was -1)" }));
    }

    [TestCase("xbar")]
    [TestCase("s")]
    public void A_subgroup_needs_at_least_two_finite_values(string chart)
    {
        var request = Subgroups(chart, [1, 2], [3], [4, double.NaN, 5]);
        var points = request.Points!.ToArray();
        points = [.. points, new SpcInputPoint { Date = Month(3), Values = null }];
        Assert.That(Errors(request with { Points = points }), Is.EqualTo(new[]
        {
            $"points[1].values: must hold at least 2 values for a {chart} chart (had 1)",
            "points[2].values[1]: must be a finite number (was NaN)",
            $"points[3].values: must hold at least 2 values for a {chart} chart (had 0)",
        }));
    }

    [Test]
    public void Every_error_is_reported_at_once_in_request_order()
    {
        var request = Xmr([1, 2, 3]) with { Chart = "xmr", FixAfterPoints = 1 };
        var points = request.Points!.ToArray();
        points[0] = points[0] with { Value = double.NaN };
        points[2] = points[2] with { Date = Month(0) };
        Assert.That(Errors(request with { Points = points }), Is.EqualTo(new[]
        {
            "fixAfterPoints: must be at least 2 (was 1)",
            "points[0].value: must be a finite number (was NaN)",
            "points[2].date: repeats the date of points[0] (2024-01-01)",
        }));
    }
}
