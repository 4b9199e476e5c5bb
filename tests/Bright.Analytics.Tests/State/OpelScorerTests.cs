using Bright.Analytics.State;
using Bright.Analytics.State.Opel;
using static Bright.Analytics.Tests.State.Ev;

namespace Bright.Analytics.Tests.State;

[TestFixture]
public sealed class OpelScorerTests
{
    private static readonly OpelTable Table = LiveStateSettings.Defaults().Opel;

    [TestCase("handover_mean", 14.9, 1)]
    [TestCase("handover_mean", 15, 2, Description = "inclusive: reaching the L2 threshold is level 2 (DOMAIN.md §3)")]
    [TestCase("handover_mean", 45, 4)]
    [TestCase("four_hour", 0.80, 1)]
    [TestCase("four_hour", 0.78, 2)]
    [TestCase("four_hour", 0.65, 3)]
    [TestCase("four_hour", 0.59, 4)]
    [TestCase("ga_occupancy", 0.92, 2)]
    [TestCase("ga_occupancy", 0.97, 3)]
    [TestCase("majors_resus_occupancy", 1.25, 4)]
    public void Each_parameter_scores_the_highest_level_whose_threshold_it_reaches(string id, double value, int level) =>
        Assert.That(OpelScorer.Level(Table.Parameters.Single(p => p.Id == id), value), Is.EqualTo(level));

    [Test]
    public void The_site_score_is_the_weighted_mean_of_levels_and_sets_the_level_by_the_cutoffs()
    {
        var values = new Dictionary<string, double?>
        {
            ["handover_mean"] = 20,
            ["four_hour"] = 0.72,
            ["majors_resus_occupancy"] = 1.05,
            ["time_to_treatment"] = 50,
            ["over_twelve_hours"] = 0.11,
            ["ga_occupancy"] = 0.93,
            ["escalation_beds"] = 0,
            ["nctr_beds"] = 0.16,
        };

        var score = OpelScorer.Score(Table, "RQ6", values, T("2026-01-14T12:00:00Z"));

        Assert.That(score.Parameters.Select(p => p.Level), Is.EqualTo(new int?[] { 2, 2, 3, 1, 4, 2, 1, 3 }));
        Assert.That(score.Score, Is.EqualTo(18.0 / 8));
        Assert.That(score.Level, Is.EqualTo(2));
    }

    [TestCase(1.74, 1)]
    [TestCase(1.75, 2)]
    [TestCase(2.5, 3)]
    [TestCase(3.25, 4)]
    public void Cutoffs_follow_the_indicative_table(double score, int level) => Assert.That(OpelScorer.LevelOf(Table, score), Is.EqualTo(level));

    [Test]
    public void Missing_values_take_no_part_and_the_trust_rolls_up_by_site_weight()
    {
        var at = T("2026-01-14T12:00:00Z");
        var noEd = OpelScorer.Score(Table, "A", new Dictionary<string, double?> { ["ga_occupancy"] = 0.99 }, at);
        var calm = OpelScorer.Score(Table, "B", new Dictionary<string, double?> { ["ga_occupancy"] = 0.5 }, at);
        Assert.That(noEd.Score, Is.EqualTo(4));

        var weighted = new OpelTable
        {
            Version = "t",
            Parameters = Table.Parameters,
            Cutoffs = Table.Cutoffs,
            SiteWeights = new Dictionary<string, double> { ["A"] = 3, ["B"] = 1 },
        };
        var trust = OpelScorer.RollUp(weighted, [noEd with { Weight = 3 }, calm], at);
        Assert.That(trust.TrustScore, Is.EqualTo(((3 * 4.0) + 1) / 4));
        Assert.That(trust.TrustLevel, Is.EqualTo(4));
    }

    [Test]
    public void An_invalid_table_is_refused_naming_each_error()
    {
        var bad = new OpelTable
        {
            Version = "",
            Label = "indicative",
            Parameters = [new OpelParameter { Id = "ga_occupancy", Definition = "G&A occupancy", Unit = "proportion", WorseWhen = OpelDirection.Higher, L2 = 3, L3 = 2, L4 = 1, Weight = 0 }],
            Cutoffs = [new OpelCutoff(2, 1.75)],
        };
        var settings = LiveStateSettings.Defaults();
        settings.Opel = bad;

        Assert.That(settings.Validate(), Is.EqualTo(new[]
        {
            "opel.version: is required, so each level shown can be traced to its table.",
            "opel.parameters[0].l3: 2 must be greater than l2 3: thresholds get worse in the 'higher' direction.",
            "opel.parameters[0].l4: 1 must be greater than l3 2: thresholds get worse in the 'higher' direction.",
            "opel.parameters[0].weight: must be positive (was 0).",
            "opel.cutoffs: need exactly one cut-off for each of levels 2, 3 and 4 (were 2).",
        }));
    }

    [Test]
    public void A_table_is_checked_field_by_field_against_the_parameters_live_state_measures_and_the_trusts_sites()
    {
        var bad = new OpelTable
        {
            Version = "trust-2",
            Label = " ",
            Parameters =
            [
                new OpelParameter { Id = "four_hour", Definition = "4-hour", Unit = "proportion", WorseWhen = OpelDirection.Lower, L2 = 0.78, L3 = 0.80, L4 = 0.60 },
                new OpelParameter { Id = "bed_waits", Definition = "", Unit = "hours", L2 = 1, L3 = 2, L4 = double.NaN, Weight = -1 },
                new OpelParameter { Id = "four_hour", Definition = "again", Unit = "proportion", WorseWhen = OpelDirection.Lower, L2 = 0.9, L3 = 0.8, L4 = 0.7 },
            ],
            Cutoffs = [new OpelCutoff(4, 3.25), new OpelCutoff(2, 1.75), new OpelCutoff(3, 1.5)],
            SiteWeights = new Dictionary<string, double> { ["RQ6"] = 0.5, ["XYZ"] = 1 },
        };

        Assert.That(bad.Check(["RQ6", "REM"]), Is.EqualTo(new OpelTableError[]
        {
            new("label", "is required, e.g. 'indicative' until the trust signs the table off."),
            new("parameters[0].l3", "0.8 must be less than l2 0.78: thresholds get worse in the 'lower' direction."),
            new("parameters[1].id", "'bed_waits' is not a parameter live state measures; use one of handover_mean, four_hour, majors_resus_occupancy, "
                + "time_to_treatment, over_twelve_hours, ga_occupancy, escalation_beds, nctr_beds."),
            new("parameters[1].definition", "is required: what the parameter measures."),
            new("parameters[1].unit", "must be 'minutes' or 'proportion' (was 'hours')."),
            new("parameters[1].l4", "must be a number (was NaN)."),
            new("parameters[1].weight", "must be positive (was -1)."),
            new("parameters", "id 'four_hour' appears 2 times."),
            new("cutoffs[2].minScore", "level 3's minScore 1.5 must be greater than level 2's 1.75."),
            new("siteWeights.XYZ", "'XYZ' is not a site of this trust; known sites are RQ6, REM."),
        }));
    }

    [Test]
    public void The_shipped_table_passes_every_check_against_the_demo_trust() =>
        Assert.That(Table.Check([.. Bright.Core.Reference.TrustReference.Demo.Sites.Select(s => s.Code)]), Is.Empty);
}
