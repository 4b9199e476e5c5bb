using Bright.Analytics.Spc;

namespace Bright.Analytics.Tests.Spc;

/// <summary>DOMAIN.md 1.8 rule micro-tests: trend and shift flags with limits far away, for both profiles.</summary>
public sealed class SpcRuleEvaluatorTests
{
    private static readonly double[] PeakShared = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1];
    private static readonly double[] PeakThenEqual = [1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1];
    private static readonly double[] EqualPairInRise = [1, 2, 3, 3, 4, 5, 6, 7, 8];
    private static readonly double[] SidesBrokenByTheMean = [1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1];

    private static (SpcRuleFlags[] Flags, SpcPointType[] Types) Run(
        double[] values, SpcSettings settings, double mean, ImprovementDirection direction = ImprovementDirection.Increase)
    {
        var limits = new SpcLimits(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            limits.Set(i, mean, mean - 1000, mean + 1000, mean - 700, mean + 700);
        }

        int[] groups = [0, values.Length];
        var flags = SpcRuleEvaluator.Evaluate(values, limits, groups, settings);
        return (flags, SpcPointLabeller.Label(values, flags, groups, settings, direction));
    }

    private static int[] Having(SpcRuleFlags[] flags, SpcRuleFlags rule) =>
        [.. flags.Select((f, i) => (f, i + 1)).Where(x => (x.f & rule) != 0).Select(x => x.Item2)];

    [TestCase("nhsr", Description = "DOMAIN.md 1.8 rule micro-tests, row 1")]
    [TestCase("nhse", Description = "DOMAIN.md 1.8 rule micro-tests, row 1")]
    public void A_shared_peak_belongs_to_both_the_rising_and_the_falling_trend(string profile)
    {
        var (flags, _) = Run(PeakShared, SpcSettings.ForProfile(profile)!, mean: 4);
        Assert.Multiple(() =>
        {
            Assert.That(Having(flags, SpcRuleFlags.TrendIncreasing), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7 }));
            Assert.That(Having(flags, SpcRuleFlags.TrendDecreasing), Is.EqualTo(new[] { 7, 8, 9, 10, 11, 12, 13 }));
        });
    }

    [Test(Description = "DOMAIN.md 1.4 and 1.8 rule micro-tests, row 1")]
    public void Nhsr_labels_a_shared_peak_Decreasing_so_a_concern_for_an_increase_metric()
    {
        var (_, types) = Run(PeakShared, SpcSettings.Nhsr, mean: 4);
        Assert.Multiple(() =>
        {
            Assert.That(types[5], Is.EqualTo(SpcPointType.SpecialCauseImprovement));
            Assert.That(types[6], Is.EqualTo(SpcPointType.SpecialCauseConcern));
            Assert.That(types[7], Is.EqualTo(SpcPointType.SpecialCauseConcern));
        });
    }

    [TestCase(SpcConflictTie.Concern, SpcPointType.SpecialCauseConcern, Description = "DOMAIN.md 1.8 rule micro-tests, row 1")]
    [TestCase(SpcConflictTie.Improvement, SpcPointType.SpecialCauseImprovement, Description = "DOMAIN.md 1.8 rule micro-tests, row 1")]
    public void Nhse_settles_a_trend_against_trend_tie_by_the_conflict_rule(SpcConflictTie tie, SpcPointType expected)
    {
        var (_, types) = Run(PeakShared, SpcSettings.Nhse with { ConflictTie = tie }, mean: 4);
        Assert.That(types[6], Is.EqualTo(expected));
    }

    [TestCase("nhsr", Description = "DOMAIN.md 1.8 rule micro-tests, row 2")]
    [TestCase("nhse", Description = "DOMAIN.md 1.8 rule micro-tests, row 2")]
    public void An_equal_pair_at_the_top_ends_the_rise_so_the_top_has_only_trend_increasing(string profile)
    {
        var (flags, _) = Run(PeakThenEqual, SpcSettings.ForProfile(profile)!, mean: 5.5);
        Assert.Multiple(() =>
        {
            Assert.That(Having(flags, SpcRuleFlags.TrendIncreasing), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7 }));
            Assert.That(Having(flags, SpcRuleFlags.TrendDecreasing), Is.EqualTo(new[] { 8, 9, 10, 11, 12, 13, 14 }));
            Assert.That(flags[6], Is.EqualTo(SpcRuleFlags.TrendIncreasing));
        });
    }

    [Test(Description = "DOMAIN.md 1.4 and 1.8 rule micro-tests, row 2")]
    public void Nhsr_labels_the_top_before_an_equal_value_Decreasing_a_quirk_reproduced()
    {
        var (_, types) = Run(PeakThenEqual, SpcSettings.Nhsr, mean: 5.5);
        Assert.That(types[6], Is.EqualTo(SpcPointType.SpecialCauseConcern));
    }

    [Test(Description = "DOMAIN.md 1.8 rule micro-tests, row 2")]
    public void Nhse_labels_the_top_before_an_equal_value_by_its_only_trend_an_improvement()
    {
        var (_, types) = Run(PeakThenEqual, SpcSettings.Nhse, mean: 5.5);
        Assert.That(types[6], Is.EqualTo(SpcPointType.SpecialCauseImprovement));
    }

    [Test(Description = "DOMAIN.md 1.8 rule micro-tests, row 3")]
    public void Nhsr_needs_seven_strictly_rising_points_so_an_equal_pair_leaves_no_trend()
    {
        var (flags, _) = Run(EqualPairInRise, SpcSettings.Nhsr, mean: 100);
        Assert.That(Having(flags, SpcRuleFlags.Trend), Is.Empty);
    }

    [Test(Description = "DOMAIN.md 1.8 rule micro-tests, row 3")]
    public void Nhse_six_strictly_rising_points_including_both_ends_are_a_trend()
    {
        var (flags, _) = Run(EqualPairInRise, SpcSettings.Nhse, mean: 100);
        Assert.Multiple(() =>
        {
            Assert.That(Having(flags, SpcRuleFlags.TrendIncreasing), Is.EqualTo(new[] { 4, 5, 6, 7, 8, 9 }));
            Assert.That(Having(flags, SpcRuleFlags.TrendDecreasing), Is.Empty);
        });
    }

    [Test(Description = "DOMAIN.md 1.8 rule micro-tests, row 4")]
    public void Nhsr_a_point_exactly_on_the_mean_breaks_a_shift_of_seven()
    {
        var (flags, _) = Run(SidesBrokenByTheMean, SpcSettings.Nhsr, mean: 0);
        Assert.That(Having(flags, SpcRuleFlags.ShiftAbove | SpcRuleFlags.ShiftBelow), Is.Empty);
    }

    [Test(Description = "DOMAIN.md 1.8 rule micro-tests, row 4")]
    public void Nhse_six_points_either_side_of_a_point_on_the_mean_are_two_shifts()
    {
        var (flags, types) = Run(SidesBrokenByTheMean, SpcSettings.Nhse, mean: 0);
        Assert.Multiple(() =>
        {
            Assert.That(Having(flags, SpcRuleFlags.ShiftAbove), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13 }));
            Assert.That(types[6], Is.EqualTo(SpcPointType.CommonCause));
        });
    }

    [Test]
    public void Seven_points_below_the_mean_are_a_shift_for_nhsr()
    {
        var (flags, types) = Run([-1, -2, -1, -2, -1, -2, -1], SpcSettings.Nhsr, mean: 0);
        Assert.Multiple(() =>
        {
            Assert.That(Having(flags, SpcRuleFlags.ShiftBelow), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7 }));
            Assert.That(types, Is.All.EqualTo(SpcPointType.SpecialCauseConcern));
        });
    }

    [Test]
    public void A_point_beyond_a_limit_counts_as_same_side_but_not_as_close_for_nhsr_two_in_three()
    {
        double[] values = [1200, 800, 5];
        var nhsr = Run(values, SpcSettings.Nhsr, mean: 0);
        var nhse = Run(values, SpcSettings.Nhse, mean: 0);
        Assert.Multiple(() =>
        {
            Assert.That(nhsr.Flags, Is.EqualTo(new[] { SpcRuleFlags.OutsideUpper, SpcRuleFlags.None, SpcRuleFlags.None }));
            Assert.That(nhse.Flags, Is.EqualTo(new[]
            {
                SpcRuleFlags.OutsideUpper | SpcRuleFlags.TwoInThreeAbove, SpcRuleFlags.TwoInThreeAbove, SpcRuleFlags.None,
            }));
        });
    }

    [Test]
    public void Outside_wins_so_a_point_below_the_lower_limit_starting_a_rise_is_a_concern()
    {
        var (flags, types) = Run([-1500, 1, 2, 3, 4, 5, 6], SpcSettings.Nhsr, mean: 0);
        Assert.Multiple(() =>
        {
            Assert.That(flags[0], Is.EqualTo(SpcRuleFlags.OutsideLower | SpcRuleFlags.TrendIncreasing));
            Assert.That(types[0], Is.EqualTo(SpcPointType.SpecialCauseConcern));
            Assert.That(types[1], Is.EqualTo(SpcPointType.SpecialCauseImprovement));
        });
    }

    [Test]
    public void Neutral_metrics_are_labelled_high_or_low()
    {
        var (_, types) = Run([1, 2, 3, 4, 5, 6, 7], SpcSettings.Nhsr, mean: 100, ImprovementDirection.Neutral);
        Assert.That(types, Is.All.EqualTo(SpcPointType.SpecialCauseNeutralHigh));
    }

    [Test(Description = "DOMAIN.md 1.7: the nhse trend is computed over the whole series")]
    public void Only_the_nhse_trend_crosses_a_rebase()
    {
        double[] values = [5, 1, 2, 3, 4, 5, 6, 2];
        var limits = new SpcLimits(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            limits.Set(i, 100, -900, 1100, -600, 800);
        }

        int[] groups = [0, 4, values.Length];
        var nhsr = SpcRuleEvaluator.Evaluate(values, limits, groups, SpcSettings.Nhsr with { TrendLength = 6 });
        var nhse = SpcRuleEvaluator.Evaluate(values, limits, groups, SpcSettings.Nhse);
        Assert.Multiple(() =>
        {
            Assert.That(Having(nhsr, SpcRuleFlags.Trend), Is.Empty);
            Assert.That(Having(nhse, SpcRuleFlags.TrendIncreasing), Is.EqualTo(new[] { 2, 3, 4, 5, 6, 7 }));
        });
    }
}
