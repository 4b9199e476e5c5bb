using Bright.Analytics.State;
using Bright.Analytics.State.Alerts;
using Bright.Core.Events;
using Bright.Core.Reference;
using static Bright.Analytics.Tests.State.Ev;

namespace Bright.Analytics.Tests.State.Alerts;

[TestFixture]
public sealed class LiveStateAlertRuleTests
{
    private static readonly DateTimeOffset Now = T("2026-01-14T12:00:00Z");

    [Test]
    public void New_rules_take_effect_at_the_next_evaluation_and_the_alert_it_no_longer_raises_is_resolved()
    {
        var state = new LiveState(TrustReference.Demo, LiveStateSettings.Defaults());
        state.Apply(Make(EventKind.AmbulanceArrival, Now.AddMinutes(-20), "A1", "RQ6/ed/MAJORS"));
        Assert.That(state.EvaluateAlerts(Now).Raised.Where(a => a.Rule.StartsWith("handover", StringComparison.Ordinal)), Is.Empty);

        var stricter = state.AlertRules.Select(r => r.Id == "handover_over_30" ? r with { Threshold = 15, Name = "Handover over 15 minutes" } : r).ToList();
        state.AlertRules = stricter;
        var raised = state.EvaluateAlerts(Now.AddSeconds(1)).Raised.Single(a => a.Rule == "handover_over_30");
        Assert.That(raised.Message, Is.EqualTo("An ambulance at RQ6 has waited 20 min to hand over (over 15)."));
        Assert.That(raised.RuleName, Is.EqualTo("Handover over 15 minutes"));

        state.AlertRules = [.. stricter.Select(r => r.Id == "handover_over_30" ? r with { Enabled = false } : r)];
        Assert.That(state.EvaluateAlerts(Now.AddSeconds(2)).Resolved, Does.Contain(raised.Id));
    }

    [Test]
    public void The_shipped_rules_keep_the_alert_ids_and_rules_raised_before_rules_were_data()
    {
        // Acknowledgements are stored by alert id, so an upgrade must raise the same ids for the same conditions.
        var state = new LiveState(TrustReference.Demo, LiveStateSettings.Defaults());
        var arrived = Now.AddMinutes(-61);
        var cleaned = Now.AddMinutes(-75);
        state.Apply(Make(EventKind.AmbulanceArrival, arrived, "A1", "RQ6/ed/MAJORS"));
        state.Apply(Make(EventKind.EdArrival, Now.AddMinutes(-725), "P1", "RQ6/ed/MAJORS"));
        state.Apply(Make(EventKind.EdArrival, Now.AddMinutes(-220), "P2", "RQ6/ed/MINORS"));
        state.Apply(Make(EventKind.BedStatusChanged, cleaned, null, "RQ6/W1/B01", "to_clean"));

        var raised = state.EvaluateAlerts(Now).Raised.ToDictionary(a => a.Rule);

        Assert.That(raised["handover_over_60"].Id, Is.EqualTo(AlertBook.IdOf($"handover:RQ6/ed/MAJORS:{arrived:O}")));
        Assert.That(raised["handover_over_60"].Severity, Is.EqualTo(AlertSeverity.Critical));
        Assert.That(raised["twelve_hour_wait"].Id, Is.EqualTo(AlertBook.IdOf($"ed_12h:RQ6/ed/MAJORS:{Now.AddMinutes(-725):O}")));
        Assert.That(raised["twelve_hour_wait"].Message, Is.EqualTo("A patient in Majors has been in the department 12 h 5 min."));
        Assert.That(raised["four_hour_breach_imminent"].Id, Is.EqualTo(AlertBook.IdOf($"ed_4h:RQ6/ed/MINORS:{Now.AddMinutes(-220):O}")));
        Assert.That(raised["four_hour_breach_imminent"].Message, Is.EqualTo("A patient in Minors reaches 4 hours in 20 min."));
        Assert.That(raised["bed_to_clean"].Id, Is.EqualTo(AlertBook.IdOf($"bed_to_clean:RQ6/W1/B01:{cleaned:O}")));
        Assert.That(raised["bed_to_clean"].Message, Is.EqualTo("Bed W1/B01 has waited 75 min to be cleaned."));
    }

    [Test]
    public void External_signals_raise_alerts_beside_the_boards()
    {
        var state = new LiveState(TrustReference.Demo, LiveStateSettings.Defaults());
        var concern = new AlertSignal(AlertMeasures.KpiSpecialCauseConcern, "trust", "kpis/ed-4-hour", "ed-4-hour", null, "concern_low",
            _ => "ED 4-hour: special cause of concerning nature.", Owner: "Clinical Director");

        var raised = state.EvaluateAlerts(Now, [concern]).Raised.Single(a => a.Rule == "kpi.special_cause_concern");
        var resolved = state.EvaluateAlerts(Now.AddSeconds(1), [concern with { Category = "common_cause" }]).Resolved;

        Assert.That((raised.Location, raised.Owner, raised.Severity), Is.EqualTo(("kpis/ed-4-hour", "Clinical Director", AlertSeverity.Warning)));
        Assert.That(raised.Roles, Is.EqualTo(new[] { "Executive", "Operational" }));
        Assert.That(resolved, Is.EqualTo(new[] { raised.Id }));
    }
}
