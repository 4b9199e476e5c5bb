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
