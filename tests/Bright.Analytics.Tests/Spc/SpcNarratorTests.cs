using System.Globalization;
using Bright.Analytics.Spc;
using static Bright.Analytics.Tests.Spc.SpcTestSeries;

namespace Bright.Analytics.Tests.Spc;

/// <summary>DOMAIN.md 1.11: one sentence, "{variation}: {evidence}; {assurance}.", from computed facts only.</summary>
public sealed class SpcNarratorTests
{
    private static readonly SpcNarrationOptions Percent = new() { Formatter = SpcValueFormatter.Percent };

    private static SpcRequest Dated(DateOnly first, int stepDays, double[] values, string direction) => new()
    {
        ImprovementDirection = direction,
        Points = [.. values.Select((v, i) => new SpcInputPoint { Date = first.AddDays(i * stepDays), Value = v })],
    };

    [Test(Description = "DOMAIN.md 1.11 example")]
    public void A_shift_is_told_as_points_above_the_mean_since_its_first_month()
    {
        double[] values =
        [
            0.88, 0.92, 0.88, 0.92, 0.88, 0.92, 0.88, 0.92, 0.88, 0.92, 0.88, 0.92, 0.88,
            0.93, 0.91, 0.93, 0.91, 0.93, 0.91, 0.93,
        ];
        var request = new SpcRequest
        {
            ImprovementDirection = "increase",
            Target = 0.95,
            Points = [.. values.Select((v, i) => new SpcInputPoint { Date = new DateOnly(2024, 2, 1).AddMonths(i), Value = v })],
        };
        var result = Evaluate(request, Percent);
        Assert.Multiple(() =>
        {
            Assert.That(result.Points[^1].Rules, Is.EqualTo(new[] { SpcRule.ShiftAbove }));
            Assert.That(result.Narrative, Is.EqualTo(
                "Special cause of improving nature: 7 points above the mean since Mar 2025; the target of 95% is not consistently met."));
        });
    }

    [Test]
    public void A_point_above_the_upper_limit_is_told_with_its_value_and_the_limit()
    {
        var result = Evaluate(Xmr([10, 12, 11, 13, 12, 11, 12, 11, 13, 12, 11, 12, 13, 30], direction: "decrease"));
        Assert.That(result.Narrative, Is.EqualTo("Special cause of concerning nature: latest value 30 is above the upper limit (16.4)."));
    }

    [Test]
    public void A_trend_is_told_as_points_increasing_since_its_first_month()
    {
        var result = Evaluate(Xmr([5, 6, 5, 6, 5, 6, 5, 6, 1, 2, 3, 4, 5, 6, 7]));
        Assert.That(result.Narrative, Is.EqualTo("Special cause of improving nature: 7 points increasing since Sep 2024."));
    }

    [Test(Description = "DOMAIN.md 1.8 worked example")]
    public void Common_cause_gives_the_mean_and_limits_and_a_short_group_is_provisional()
    {
        var result = Evaluate(Xmr([10, 12, 11, 13, 12, 30, 12, 11, 13, 12], target: 15));
        Assert.That(result.Narrative, Is.EqualTo(
            "Common cause variation, no significant change: mean 13.6, limits 9.8 to 17.4; provisional (10 points); "
            + "the target of 15 is not consistently met."));
    }

    [Test]
    public void A_rebase_is_told_with_the_month_the_limits_were_recalculated_from()
    {
        double[] values = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5];
        var result = Evaluate(Xmr(values, direction: "neutral", target: 3) with { Rebase = [Month(13)] });
        Assert.That(result.Narrative, Is.EqualTo(
            "Common cause variation, no significant change: mean 5.46, limits 2.8 to 8.12; limits recalculated from Feb 2025."));
    }

    [Test]
    public void Assurance_pass_says_the_target_will_consistently_be_met()
    {
        var result = Evaluate(Xmr([10, 12, 11, 13, 12, 11, 12, 11, 13, 12, 11, 12, 13], target: 5));
        Assert.That(result.Narrative, Does.EndWith("; the target of 5 will consistently be met."));
    }

    [Test]
    public void No_variation_is_told_instead_of_limits()
    {
        var result = Evaluate(Xmr([.. Enumerable.Repeat(0.5, 13)], target: 0.6), Percent);
        Assert.That(result.Narrative, Is.EqualTo(
            "Common cause variation, no significant change: mean 50%, no variation; the target of 60% is not consistently met."));
    }

    [Test(Description = "DOMAIN.md 1.7: nhse shows fewer than 13 points as a run chart")]
    public void A_run_chart_says_it_has_no_limits_and_nhse_gives_no_assurance()
    {
        var result = Evaluate(Xmr([10, 12, 11, 13, 12, 30, 12, 11, 13, 12], target: 15, profile: "nhse"));
        Assert.That(result.Narrative, Is.EqualTo(
            "Common cause variation, no significant change: mean 13.6, a run chart without limits (10 points, limits need 13)."));
    }

    [Test]
    public void Weekly_series_write_dates_as_week_commencing_and_neutral_metrics_say_which_side()
    {
        double[] values = [1, 2, 1, 2, 1, 2, 1, 5, 6, 5, 6, 5, 6, 5];
        var result = Evaluate(Dated(new DateOnly(2025, 1, 13), 7, values, "neutral"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Variation, Is.EqualTo(SpcVariation.NeutralHigh));
            Assert.That(result.Narrative, Is.EqualTo(
                "Special cause variation, neither improving nor concerning (higher values): "
                + "7 points above the mean since w/c 3 Mar 2025."));
        });
    }

    [Test]
    public void The_date_style_can_be_chosen_by_the_caller()
    {
        double[] values = [1, 2, 1, 2, 1, 2, 1, 5, 6, 5, 6, 5, 6, 5];
        var result = Evaluate(Dated(new DateOnly(2025, 1, 13), 7, values, "neutral"), new() { DateStyle = SpcDateStyle.Day });
        Assert.That(result.Narrative, Does.EndWith("7 points above the mean since 3 Mar 2025."));
    }

    [TestCase(new[] { "2025-01-01", "2025-02-01", "2025-03-01" }, SpcDateStyle.Month)]
    [TestCase(new[] { "2025-03-03", "2025-03-10", "2025-03-24" }, SpcDateStyle.Week)]
    [TestCase(new[] { "2025-03-03", "2025-03-04", "2025-03-05" }, SpcDateStyle.Day)]
    public void The_date_style_is_inferred_from_the_spacing_of_the_dates(string[] dates, SpcDateStyle expected)
    {
        DateOnly[] parsed = [.. dates.Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture))];
        Assert.That(SpcNarrator.InferDateStyle(parsed), Is.EqualTo(expected));
    }

    [Test]
    public void A_p_chart_narrates_in_percent_by_default()
    {
        var request = new SpcRequest
        {
            Chart = "p",
            ImprovementDirection = "increase",
            Target = 0.95,
            Points =
            [
                .. Enumerable.Range(0, 13).Select(i => new SpcInputPoint { Date = Month(i), Numerator = 90 + (i % 2), Denominator = 100 }),
            ],
        };
        Assert.That(Evaluate(request).Narrative, Does.StartWith("Common cause variation, no significant change: mean 90.5%, limits"));
    }
}
