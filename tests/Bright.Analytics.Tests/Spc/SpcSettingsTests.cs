using System.Text.Json;
using Bright.Analytics.Spc;
using Direction = Bright.Analytics.Spc.ImprovementDirection;

namespace Bright.Analytics.Tests.Spc;

/// <summary>DOMAIN.md 1.7: the two profiles, and per-request overrides of single settings.</summary>
public sealed class SpcSettingsTests
{
    private const string Icons = "DOMAIN.md 1.5 icons";

    [Test(Description = "DOMAIN.md 1.7 profile table")]
    public void The_profiles_differ_exactly_as_the_domain_table_says()
    {
        Assert.Multiple(() =>
        {
            Assert.That((SpcSettings.Nhsr.ShiftLength, SpcSettings.Nhse.ShiftLength), Is.EqualTo((7, 6)));
            Assert.That((SpcSettings.Nhsr.TrendLength, SpcSettings.Nhse.TrendLength), Is.EqualTo((7, 6)));
            Assert.That((SpcSettings.Nhsr.TrendCrossesRebases, SpcSettings.Nhse.TrendCrossesRebases), Is.EqualTo((false, true)));
            Assert.That((SpcSettings.Nhsr.ScreenOutliers, SpcSettings.Nhse.ScreenOutliers), Is.EqualTo((true, false)));
            Assert.That((SpcSettings.Nhsr.ScreenInclusive, SpcSettings.Nhse.ScreenInclusive), Is.EqualTo((false, true)));
            Assert.That((SpcSettings.Nhsr.ScreenRecomputesMean, SpcSettings.Nhse.ScreenRecomputesMean), Is.EqualTo((false, true)));
            Assert.That((SpcSettings.Nhsr.TwoInThreeIncludesBeyondLimits, SpcSettings.Nhse.TwoInThreeIncludesBeyondLimits),
                Is.EqualTo((false, true)));
            Assert.That((SpcSettings.Nhsr.ConflictResolution, SpcSettings.Nhse.ConflictResolution),
                Is.EqualTo((SpcConflictResolution.Precedence, SpcConflictResolution.RuleRank)));
            Assert.That((SpcSettings.Nhsr.AssuranceInclusive, SpcSettings.Nhse.AssuranceInclusive), Is.EqualTo((false, true)));
            Assert.That((SpcSettings.Nhsr.RunChartBelowPoints, SpcSettings.Nhse.RunChartBelowPoints), Is.EqualTo((0, 13)));
            Assert.That((SpcSettings.Nhsr.ShortGroupWarningBelowPoints, SpcSettings.Nhse.ShortGroupWarningBelowPoints),
                Is.EqualTo((13, 12)));
        });
    }

    [Test]
    public void An_override_changes_only_the_settings_it_names()
    {
        var settings = SpcSettings.Nhse.With(new SpcSettingsOverrides { ShiftLength = 8, ConflictTie = SpcConflictTie.Improvement });
        Assert.That(settings, Is.EqualTo(SpcSettings.Nhse with { ShiftLength = 8, ConflictTie = SpcConflictTie.Improvement }));
    }

    [Test]
    public void Overrides_deserialise_from_request_json()
    {
        const string body = """
            { "improvementDirection": "increase", "settings": { "trendLength": 8, "conflictResolution": "rule_rank" } }
            """;
        var request = JsonSerializer.Deserialize<SpcRequest>(body, JsonSerializerOptions.Web)!;
        Assert.That(request.Settings,
            Is.EqualTo(new SpcSettingsOverrides { TrendLength = 8, ConflictResolution = SpcConflictResolution.RuleRank }));
    }

    [TestCase(0.95, 0.90, 0.95, "nhsr", SpcAssurance.Inconsistent, Description = "DOMAIN.md 1.5: a target on a limit")]
    [TestCase(0.95, 0.90, 0.95, "nhse", SpcAssurance.Fail, Description = "DOMAIN.md 1.7: inclusive")]
    [TestCase(0.90, 0.90, 0.95, "nhsr", SpcAssurance.Inconsistent, Description = "DOMAIN.md 1.5: a target on a limit")]
    [TestCase(0.90, 0.90, 0.95, "nhse", SpcAssurance.Pass, Description = "DOMAIN.md 1.7: inclusive")]
    [TestCase(0.96, 0.90, 0.95, "nhsr", SpcAssurance.Fail, Description = "DOMAIN.md 1.5")]
    [TestCase(0.80, 0.90, 0.95, "nhsr", SpcAssurance.Pass, Description = "DOMAIN.md 1.5")]
    public void Assurance_for_an_increase_metric_compares_the_target_with_the_last_limits(
        double target, double lpl, double upl, string profile, SpcAssurance expected)
    {
        var settings = SpcSettings.ForProfile(profile)!;
        Assert.Multiple(() =>
        {
            Assert.That(SpcIcons.Assurance(target, lpl, upl, Direction.Increase, settings), Is.EqualTo(expected));
            Assert.That(SpcIcons.Assurance(target, lpl, upl, Direction.Neutral, settings), Is.Null);
            Assert.That(SpcIcons.Assurance(null, lpl, upl, Direction.Increase, settings), Is.Null);
        });
    }

    [TestCase(0.96, SpcAssurance.Pass)]
    [TestCase(0.80, SpcAssurance.Fail)]
    public void Assurance_for_a_decrease_metric_is_mirrored(double target, SpcAssurance expected)
    {
        Assert.That(SpcIcons.Assurance(target, 0.90, 0.95, Direction.Decrease, SpcSettings.Nhsr), Is.EqualTo(expected));
    }

    [TestCase(SpcPointType.CommonCause, Direction.Increase, SpcVariation.CommonCause, Description = Icons)]
    [TestCase(SpcPointType.SpecialCauseImprovement, Direction.Increase, SpcVariation.ImprovementHigh, Description = Icons)]
    [TestCase(SpcPointType.SpecialCauseImprovement, Direction.Decrease, SpcVariation.ImprovementLow, Description = Icons)]
    [TestCase(SpcPointType.SpecialCauseConcern, Direction.Increase, SpcVariation.ConcernLow, Description = Icons)]
    [TestCase(SpcPointType.SpecialCauseConcern, Direction.Decrease, SpcVariation.ConcernHigh, Description = Icons)]
    [TestCase(SpcPointType.SpecialCauseNeutralHigh, Direction.Neutral, SpcVariation.NeutralHigh, Description = Icons)]
    [TestCase(SpcPointType.SpecialCauseNeutralLow, Direction.Neutral, SpcVariation.NeutralLow, Description = Icons)]
    public void The_variation_icon_comes_from_the_last_point_type_and_direction(
        SpcPointType type, ImprovementDirection direction, SpcVariation expected)
    {
        Assert.That(SpcIcons.Variation(type, direction), Is.EqualTo(expected));
    }

    [Test]
    public void The_analytics_assembly_references_no_database_web_or_network_assembly()
    {
        var references = typeof(SpcEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.That(references,
            Has.None.StartsWith("DuckDB").And.None.StartsWith("Microsoft.AspNetCore").And.None.StartsWith("System.Net"));
    }
}
