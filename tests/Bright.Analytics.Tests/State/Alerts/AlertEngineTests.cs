using Bright.Analytics.State.Alerts;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Analytics.Tests.State.Alerts;

[TestFixture]
public sealed class AlertEngineTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 14, 9, 0, 0, TimeSpan.Zero));
    private readonly AlertEngine _engine = new();

    private static AlertRule Rule(string id, string measure = AlertMeasures.EdHandoverMinutes, string comparison = ">", double? threshold = 30,
        double forMinutes = 0, string severity = AlertSeverity.Warning, string? group = null) => new()
        {
            Id = id,
            Name = id,
            Measure = measure,
            Comparison = comparison,
            Threshold = threshold,
            ForMinutes = forMinutes,
            Severity = severity,
            Group = group,
        };

    private static AlertSignal Handover(double minutes, string site = "RQ6", string subject = "RQ6/ed/MAJORS:a1") =>
        new(AlertMeasures.EdHandoverMinutes, site, site + "/ed/MAJORS", subject, minutes, null, rule => $"waited {minutes} (over {rule.Threshold})");

    private IReadOnlyList<AlertCandidate> Evaluate(IReadOnlyList<AlertRule> rules, params AlertSignal[] signals) =>
        _engine.Evaluate(rules, signals, _clock.GetUtcNow());

    [Test]
    public void A_condition_is_raised_only_once_it_has_held_for_the_rules_duration()
    {
        var rules = new[] { Rule("slow_handover", forMinutes: 10) };

        Assert.That(Evaluate(rules, Handover(31)), Is.Empty);
        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.That(Evaluate(rules, Handover(40)), Is.Empty);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var raised = Evaluate(rules, Handover(41)).Single();

        Assert.That(raised.Rule, Is.EqualTo("slow_handover"));
        Assert.That(raised.Key, Is.EqualTo("slow_handover:RQ6/ed/MAJORS:a1"));
        Assert.That(raised.Message, Is.EqualTo("waited 41 (over 30)"));
    }

    [Test]
    public void A_condition_that_stops_holding_starts_its_duration_again()
    {
        var rules = new[] { Rule("slow_handover", forMinutes: 10) };
        Evaluate(rules, Handover(31));
        _clock.Advance(TimeSpan.FromMinutes(8));
        Assert.That(Evaluate(rules, Handover(29)), Is.Empty, "below the threshold: the clock stops");
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(Evaluate(rules, Handover(31)), Is.Empty, "held again for 0 minutes, not 10");
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.That(Evaluate(rules, Handover(31)), Has.Count.EqualTo(1));
    }

    [TestCase(">", 30, 30, false)]
    [TestCase(">", 30, 30.5, true)]
    [TestCase(">=", 30, 30, true)]
    [TestCase("<", 30, 29, true)]
    [TestCase("<=", 30, 31, false)]
    [TestCase("=", 30, 30, true)]
    [TestCase("!=", 0, 0, false)]
    [TestCase("!=", 0, -1, true)]
    public void Thresholds_compare_as_the_rule_says(string comparison, double threshold, double value, bool raised) =>
        Assert.That(Evaluate([Rule("r", comparison: comparison, threshold: threshold)], Handover(value)), Has.Count.EqualTo(raised ? 1 : 0));

    [Test]
    public void Rules_of_one_group_raise_one_alert_per_subject_from_the_most_severe_that_holds()
    {
        var rules = new[] { Rule("over_30", group: "handover"), Rule("over_60", threshold: 60, severity: AlertSeverity.Critical, group: "handover") };

        var warning = Evaluate(rules, Handover(45)).Single();
        var critical = Evaluate(rules, Handover(61)).Single();

        Assert.That((warning.Rule, warning.Severity, warning.Message), Is.EqualTo(("over_30", AlertSeverity.Warning, "waited 45 (over 30)")));
        Assert.That((critical.Rule, critical.Severity, critical.Message), Is.EqualTo(("over_60", AlertSeverity.Critical, "waited 61 (over 60)")));
        Assert.That(critical.Key, Is.EqualTo(warning.Key), "the same alert escalates");
    }

    [Test]
    public void A_disabled_rule_raises_nothing_and_a_site_limited_rule_only_at_its_sites()
    {
        var rules = new[] { Rule("off") with { Enabled = false }, Rule("rq6_only") with { Sites = ["RQ6"] } };

        var raised = Evaluate(rules, Handover(45, "RQ6", "a"), Handover(45, "RYJ", "b"));

        Assert.That(raised.Select(c => (c.Rule, c.Site)), Is.EqualTo(new[] { ("rq6_only", "RQ6") }));
        Assert.That(raised[0].Sites, Is.EqualTo(new[] { "RQ6" }));
    }

    [Test]
    public void A_categorical_measure_raises_for_the_listed_values_with_its_owner()
    {
        var rule = new AlertRule
        {
            Id = "feed.status",
            Name = "Feed",
            Measure = AlertMeasures.FeedStatus,
            Comparison = "in",
            Values = ["silent", "late"],
            Severity = AlertSeverity.Warning,
            Roles = ["Operational"],
        };
        AlertSignal Feed(string source, string status) =>
            new(AlertMeasures.FeedStatus, "trust", "feeds/" + source, source, null, status, _ => source + " " + status, Owner: "PAS team", Contact: "x1234");

        var raised = Evaluate([rule], Feed("PAS", "silent"), Feed("LIMS", "ok"), Feed("RIS", "rejecting")).Single();

        Assert.That((raised.Location, raised.Owner, raised.Contact, raised.Message), Is.EqualTo(("feeds/PAS", "PAS team", "x1234", "PAS silent")));
        Assert.That(raised.Roles, Is.EqualTo(new[] { "Operational" }));
    }

    [Test]
    public void A_falling_value_takes_the_rules_falling_severity()
    {
        var rule = Rule("opel", AlertMeasures.OpelLevelChanged, "!=", 0) with { FallingSeverity = AlertSeverity.Info };
        var rose = AlertSignals.OpelChanged("RQ6", 2, 3, "indicative", _clock.GetUtcNow());
        var fell = AlertSignals.OpelChanged("RYJ", 3, 1, "indicative", _clock.GetUtcNow());

        var raised = Evaluate([rule], rose, fell);

        Assert.That(raised.Select(c => (c.Site, c.Severity, c.Sticky)), Is.EqualTo(new[] { ("RQ6", AlertSeverity.Warning, true), ("RYJ", AlertSeverity.Info, true) }));
        Assert.That(raised[1].Message, Is.EqualTo("OPEL at RYJ moved from 3 to 1 (indicative)."));
    }

    [Test]
    public void An_alert_is_for_its_rules_roles_and_sites_and_every_administrator()
    {
        var trust = new[] { "RQ6", "RYJ" };
        var kpi = new Alert("a", "kpi.special_cause_concern", "warning", "trust", "kpis/x", "m", default, null, null) { Roles = ["Executive", "Operational"] };
        var bed = new Alert("b", "bed_to_clean", "warning", "RQ6", "RQ6/W1/B1", "m", default, null, null);

        Assert.That(kpi.IsFor("Executive", [], trust), Is.True);
        Assert.That(kpi.IsFor("Operational", ["RYJ"], trust), Is.True, "a trust-wide alert shows to every site");
        Assert.That(kpi.IsFor("Analyst", [], trust), Is.False);
        Assert.That(kpi.IsFor("Wallboard", [], trust), Is.False);
        Assert.That(kpi.IsFor("Administrator", [], trust), Is.True);
        Assert.That(bed.IsFor("Wallboard", ["RQ6"], trust), Is.True, "no roles: every role");
        Assert.That(bed.IsFor("Operational", ["RYJ"], trust), Is.False, "another site's alert");
    }
}
