using System.Text.Json;
using Bright.Analytics.Spc;
using static Bright.Analytics.Tests.Spc.SpcTestSeries;

namespace Bright.Analytics.Tests.Spc;

/// <summary>DESIGN.md "POST /api/spc": the request and response JSON names and enum strings are a contract.</summary>
public sealed class SpcContractTests
{
    [Test]
    public void The_design_request_body_deserialises_into_a_request()
    {
        const string body = """
            { "chart": "p", "profile": "nhse", "improvementDirection": "increase", "target": 0.95,
              "rebase": ["2018-04-01"], "fixAfterPoints": 12, "screenOutliers": true,
              "points": [ { "date": "2016-04-01", "value": 0.9003, "numerator": 182400, "denominator": 1214057,
                            "values": [ 85.9, 49.5 ] } ] }
            """;
        var request = JsonSerializer.Deserialize<SpcRequest>(body, JsonSerializerOptions.Web)!;
        Assert.Multiple(() =>
        {
            Assert.That(request.Chart, Is.EqualTo("p"));
            Assert.That(request.Profile, Is.EqualTo("nhse"));
            Assert.That(request.ImprovementDirection, Is.EqualTo("increase"));
            Assert.That(request.Target, Is.EqualTo(0.95));
            Assert.That(request.Rebase, Is.EqualTo(new[] { new DateOnly(2018, 4, 1) }));
            Assert.That(request.FixAfterPoints, Is.EqualTo(12));
            Assert.That(request.ScreenOutliers, Is.True);
            Assert.That(request.Points![0].Date, Is.EqualTo(new DateOnly(2016, 4, 1)));
            Assert.That(request.Points[0].Numerator, Is.EqualTo(182400));
            Assert.That(request.Points[0].Denominator, Is.EqualTo(1214057));
            Assert.That(request.Points[0].Values, Is.EqualTo(new[] { 85.9, 49.5 }));
        });
    }

    [Test]
    public void A_result_serialises_with_the_contract_names_and_strings()
    {
        var result = Evaluate(Xmr([10, 12, 11, 13, 12, 30, 12, 11, 13, 12], target: 15));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result, JsonSerializerOptions.Web));
        var root = json.RootElement;
        var june = root.GetProperty("points")[5];
        Assert.Multiple(() =>
        {
            Assert.That(june.GetProperty("date").GetString(), Is.EqualTo("2024-06-01"));
            Assert.That(june.GetProperty("value").GetDouble(), Is.EqualTo(30));
            Assert.That(june.GetProperty("pointType").GetString(), Is.EqualTo("special_cause_improvement"));
            Assert.That(june.GetProperty("rules")[0].GetString(), Is.EqualTo("outside_upper"));
            Assert.That(june.GetProperty("rebaseGroup").GetInt32(), Is.Zero);
            foreach (var name in new[] { "mean", "lpl", "upl", "lower2Sigma", "upper2Sigma" })
            {
                Assert.That(june.GetProperty(name).ValueKind, Is.EqualTo(JsonValueKind.Number), name);
            }

            Assert.That(root.GetProperty("points")[0].GetProperty("pointType").GetString(), Is.EqualTo("special_cause_concern"));
            Assert.That(root.GetProperty("points")[0].GetProperty("rules")[0].GetString(), Is.EqualTo("two_in_three_below"));
            Assert.That(root.GetProperty("variation").GetString(), Is.EqualTo("common_cause"));
            Assert.That(root.GetProperty("assurance").GetString(), Is.EqualTo("inconsistent"));
            Assert.That(root.GetProperty("narrative").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public void Null_limits_and_no_assurance_serialise_as_json_null()
    {
        var result = Evaluate(Xmr([5, 5, 5], direction: "neutral", target: 4));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result, JsonSerializerOptions.Web));
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("points")[0].GetProperty("lpl").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(json.RootElement.GetProperty("assurance").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [TestCase(SpcPointType.CommonCause, "common_cause")]
    [TestCase(SpcPointType.SpecialCauseImprovement, "special_cause_improvement")]
    [TestCase(SpcPointType.SpecialCauseConcern, "special_cause_concern")]
    [TestCase(SpcPointType.SpecialCauseNeutralHigh, "special_cause_neutral_high")]
    [TestCase(SpcPointType.SpecialCauseNeutralLow, "special_cause_neutral_low")]
    public void Point_types_have_the_contract_strings(SpcPointType type, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(type.ToContractString(), Is.EqualTo(expected));
            Assert.That(JsonSerializer.Serialize(type), Is.EqualTo($"\"{expected}\""));
        });
    }

    [TestCase(SpcRule.OutsideUpper, "outside_upper")]
    [TestCase(SpcRule.OutsideLower, "outside_lower")]
    [TestCase(SpcRule.TrendIncreasing, "trend_increasing")]
    [TestCase(SpcRule.TrendDecreasing, "trend_decreasing")]
    [TestCase(SpcRule.TwoInThreeAbove, "two_in_three_above")]
    [TestCase(SpcRule.TwoInThreeBelow, "two_in_three_below")]
    [TestCase(SpcRule.ShiftAbove, "shift_above")]
    [TestCase(SpcRule.ShiftBelow, "shift_below")]
    public void Rules_have_the_contract_strings(SpcRule rule, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(rule.ToContractString(), Is.EqualTo(expected));
            Assert.That(JsonSerializer.Serialize(rule), Is.EqualTo($"\"{expected}\""));
        });
    }

    [TestCase(SpcVariation.CommonCause, "common_cause")]
    [TestCase(SpcVariation.ImprovementHigh, "improvement_high")]
    [TestCase(SpcVariation.ImprovementLow, "improvement_low")]
    [TestCase(SpcVariation.ConcernHigh, "concern_high")]
    [TestCase(SpcVariation.ConcernLow, "concern_low")]
    [TestCase(SpcVariation.NeutralHigh, "neutral_high")]
    [TestCase(SpcVariation.NeutralLow, "neutral_low")]
    public void Variation_icons_have_the_contract_strings(SpcVariation variation, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(variation.ToContractString(), Is.EqualTo(expected));
            Assert.That(JsonSerializer.Serialize(variation), Is.EqualTo($"\"{expected}\""));
        });
    }

    [TestCase(SpcAssurance.Pass, "pass")]
    [TestCase(SpcAssurance.Fail, "fail")]
    [TestCase(SpcAssurance.Inconsistent, "inconsistent")]
    [TestCase(null, null)]
    public void Assurance_icons_have_the_contract_strings(SpcAssurance? assurance, string? expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(assurance.ToContractString(), Is.EqualTo(expected));
            Assert.That(JsonSerializer.Serialize(assurance), Is.EqualTo(expected is null ? "null" : $"\"{expected}\""));
        });
    }
}
