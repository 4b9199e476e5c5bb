using Bright.Analytics.State.Alerts;
using Bright.Core.Reference;

namespace Bright.Analytics.Tests.State.Alerts;

[TestFixture]
public sealed class AlertRuleTests
{
    private static readonly string[] Roles = ["Wallboard", "Operational", "Executive", "Analyst", "Feed", "Administrator"];
    private static readonly string[] Sites = ["RQ6", "RYJ"];

    private static readonly AlertRule Valid = new()
    {
        Id = "handover_over_20",
        Name = "Handover over 20 minutes",
        Measure = AlertMeasures.EdHandoverMinutes,
        Comparison = ">",
        Threshold = 20,
        Severity = AlertSeverity.Warning,
    };

    private static string[] Errors(AlertRule rule) => [.. rule.Validate(Roles, Sites).Select(e => $"{e.Field}: {e.Reason}")];

    [Test]
    public void The_shipped_rules_are_valid_and_name_their_sources()
    {
        var rules = AlertRuleSet.Defaults();
        var sites = TrustReference.Demo.Sites.Select(s => s.Code).ToList();

        Assert.That(rules.SelectMany(r => r.Validate(Roles, sites)), Is.Empty);
        Assert.That(rules.Select(r => r.Id), Is.Unique);
        Assert.That(rules.Select(r => r.Id), Is.SupersetOf(new[] { "handover_over_30", "handover_over_60", "kpi.special_cause_concern", "feed.status" }));
        Assert.That(rules.Where(r => string.IsNullOrWhiteSpace(r.Source)), Is.Empty);
    }

    [Test]
    public void A_valid_rule_has_no_errors() => Assert.That(Errors(Valid), Is.Empty);

    [Test]
    public void An_unknown_measure_lists_the_allowed_ones() =>
        Assert.That(Errors(Valid with { Measure = "ed.queue_length" }), Is.EqualTo(new[]
        {
            "measure: 'ed.queue_length' is not a measure; allowed measures are ed.handover_minutes, ed.minutes_in_department, ed.minutes_to_breach, "
            + "beds.minutes_to_clean, beds.ga_occupancy, theatres.overrun_minutes, theatres.minutes_ready_to_clean, opel.level_changed, "
            + "kpi.special_cause_concern, feed.status",
        }));

    [Test]
    public void A_negative_duration_is_refused() =>
        Assert.That(Errors(Valid with { ForMinutes = -5 }), Is.EqualTo(new[] { "forMinutes: must be zero or more minutes (was -5)" }));

    [Test]
    public void Unknown_roles_and_sites_are_named_with_the_known_ones() =>
        Assert.That(Errors(Valid with { Roles = ["Operational", "Porter"], Sites = ["ZZZ"] }), Is.EqualTo(new[]
        {
            "roles[1]: 'Porter' is not a role; roles are Wallboard, Operational, Executive, Analyst, Feed, Administrator",
            "sites[0]: 'ZZZ' is not a site of this trust; known sites are RQ6, RYJ",
        }));

    [Test]
    public void A_numeric_measure_needs_a_comparison_and_a_finite_threshold() =>
        Assert.That(Errors(Valid with { Comparison = "in", Threshold = double.NaN, Values = ["x"] }), Is.EqualTo(new[]
        {
            "comparison: 'in' is not a comparison for ed.handover_minutes; use one of >, >=, <, <=, =, !=",
            "threshold: must be a finite number",
            "values: ed.handover_minutes is compared with a threshold, not a list of values",
        }));

    [Test]
    public void A_categorical_measure_needs_in_and_its_own_values() =>
        Assert.That(Errors(Valid with { Measure = AlertMeasures.FeedStatus, Threshold = null, Values = ["silent", "down"] }), Is.EqualTo(new[]
        {
            "comparison: '>' is not a comparison for feed.status; use 'in' with values from ok, late, silent, rejecting",
            "values[1]: 'down' is not a value of feed.status; allowed values are ok, late, silent, rejecting",
        }));

    [Test]
    public void Missing_fields_and_a_bad_id_and_severity_are_each_named() =>
        Assert.That(Errors(new AlertRule { Id = "Bad Id", Severity = "urgent" }), Is.EqualTo(new[]
        {
            "id: 'Bad Id' must start with a lower-case letter and hold only lower-case letters, digits, '_' and '.' (at most 64)",
            "name: is required",
            "measure: is required; allowed measures are ed.handover_minutes, ed.minutes_in_department, ed.minutes_to_breach, beds.minutes_to_clean, "
            + "beds.ga_occupancy, theatres.overrun_minutes, theatres.minutes_ready_to_clean, opel.level_changed, kpi.special_cause_concern, feed.status",
            "severity: 'urgent' is not a severity; use critical, warning or info",
        }));

    [Test]
    public void A_rule_round_trips_through_its_stored_json()
    {
        var rule = Valid with { Roles = ["Operational"], Sites = ["RQ6"], ForMinutes = 5 };

        var read = AlertRuleSet.Parse(AlertRuleSet.Write(rule));

        Assert.That(AlertRuleSet.Write(read), Is.EqualTo(AlertRuleSet.Write(rule)));
        Assert.That(read.Roles, Is.EqualTo(new[] { "Operational" }));
    }

    [Test]
    public void Stored_json_that_is_not_a_rule_is_refused_naming_where()
    {
        var ex = Assert.Throws<InvalidDataException>(() => AlertRuleSet.Parse("""{"threshold":"high"}"""));
        Assert.That(ex!.Message, Does.StartWith("An alert rule is not valid JSON at $.threshold:"));
    }
}
