using Bright.Analytics.State;
using Bright.Analytics.State.Alerts;
using Bright.Core.Events;
using Bright.Core.Reference;
using static Bright.Analytics.Tests.State.Ev;

namespace Bright.Analytics.Tests.State;

[TestFixture]
public sealed class LiveStateTests
{
    private static readonly DateTimeOffset Now = T("2026-01-14T12:00:00Z");
    private LiveState _state = null!;

    [SetUp]
    public void NewState() => _state = new LiveState(TrustReference.Demo, LiveStateSettings.Defaults());

    [Test]
    public void Test_messages_are_ignored_and_repeats_applied_once()
    {
        var test = Make(EventKind.Admission, Now, "P1", "RQ6/W1/B01", attributes: (LiveState.ExcludeAttribute, "true"));
        var real = Make(EventKind.Admission, Now, "P2", "RQ6/W1/B02");

        Assert.That(_state.Apply(test), Is.False);
        Assert.That(_state.Apply(real), Is.True);
        Assert.That(_state.Apply(real), Is.False);
        Assert.That(_state.Beds("RQ6", Now).Summary.Occupied, Is.EqualTo(1));
        Assert.That(_state.Excluded, Is.EqualTo(1));
    }

    [Test]
    public void An_event_for_an_unknown_site_is_counted_not_thrown()
    {
        Assert.That(_state.Apply(Make(EventKind.Admission, Now, "P1", "ZZZ/W1/B01") with { Site = "ZZZ" }), Is.False);
        Assert.That(_state.DataQuality.Recent.Single().Message, Is.EqualTo("site: 'ZZZ' is not a site of this trust; live state ignores the event."));
    }

    [Test]
    public void Alerts_are_raised_kept_acknowledged_and_resolved()
    {
        _state.Apply(Make(EventKind.AmbulanceArrival, Now.AddMinutes(-31), "A1", "RQ6/ed/MAJORS"));
        var first = _state.EvaluateAlerts(Now);
        var alert = first.Raised.Single(a => a.Rule == "handover_over_30");
        Assert.That(alert.Severity, Is.EqualTo(AlertSeverity.Warning));
        Assert.That(alert.Location, Is.EqualTo("RQ6/ed/MAJORS"));
        Assert.That(alert.Message, Does.Not.Contain("A1"), "no subject keys in alerts");

        var later = _state.EvaluateAlerts(Now.AddMinutes(30));
        var escalated = later.Raised.Single(a => a.Id == alert.Id);
        Assert.That(escalated.Severity, Is.EqualTo(AlertSeverity.Critical));
        Assert.That(escalated.RaisedAt, Is.EqualTo(Now));

        Assert.That(_state.Alerts.Acknowledge(alert.Id, "operational", Now.AddMinutes(31))!.AcknowledgedBy, Is.EqualTo("operational"));
        _state.Apply(Make(EventKind.AmbulanceHandover, Now.AddMinutes(32), "A1", "RQ6/ed/MAJORS"));
        var resolved = _state.EvaluateAlerts(Now.AddMinutes(33));
        Assert.That(resolved.Resolved, Does.Contain(alert.Id));
        Assert.That(_state.Alerts.Active.Any(a => a.Id == alert.Id), Is.False);
    }

    [Test]
    public void An_acknowledgement_restored_after_a_restart_applies_only_to_the_same_condition()
    {
        _state.Apply(Make(EventKind.AmbulanceArrival, Now.AddMinutes(-31), "A1", "RQ6/ed/MAJORS"));
        var before = _state.EvaluateAlerts(Now).Raised.Single(a => a.Rule == "handover_over_30");
        _state.Alerts.Acknowledge(before.Id, "operational", Now.AddMinutes(1));

        var restarted = new LiveState(TrustReference.Demo, LiveStateSettings.Defaults());
        restarted.Alerts.RestoreAcknowledgement(before.Id, "operational", Now.AddMinutes(1));
        restarted.Apply(Make(EventKind.AmbulanceArrival, Now.AddMinutes(-31), "A1", "RQ6/ed/MAJORS"));
        restarted.Apply(Make(EventKind.AmbulanceArrival, Now.AddMinutes(-35), "A2", "RQ6/ed/RESUS"));
        var raised = restarted.EvaluateAlerts(Now.AddMinutes(2)).Raised.Where(a => a.Rule == "handover_over_30").ToList();

        var same = raised.Single(a => a.Id == before.Id);
        var other = raised.Single(a => a.Id != before.Id);
        Assert.That(same.AcknowledgedBy, Is.EqualTo("operational"));
        Assert.That(same.AcknowledgedAt, Is.EqualTo(Now.AddMinutes(1)));
        Assert.That(other.AcknowledgedAt, Is.Null, "another condition is not acknowledged by it");
    }

    [Test]
    public void A_room_left_without_room_ready_raises_a_ready_to_clean_alert()
    {
        _state.Apply(Make(EventKind.TheatreMilestone, Now.AddMinutes(-5), "P1", "RQ6/theatres/TH02", "left_theatre", attributes: ("caseId", "C1")));
        var alert = _state.EvaluateAlerts(Now).Raised.Single(a => a.Rule == "room_ready_to_clean");
        Assert.That(alert.Location, Is.EqualTo("RQ6/theatres/TH02"));
        Assert.That(alert.Severity, Is.EqualTo(AlertSeverity.Info));
    }

    [Test]
    public void A_site_OPEL_change_raises_a_sticky_alert_until_acknowledged()
    {
        _state.EvaluateAlerts(Now);
        for (var i = 0; i < 10; i++)
        {
            _state.Apply(Make(EventKind.AmbulanceArrival, Now.AddHours(-2), "A" + i, "RQ6/ed/MAJORS"));
            _state.Apply(Make(EventKind.AmbulanceHandover, Now.AddHours(-1), "A" + i, "RQ6/ed/MAJORS"));
        }

        var changed = _state.EvaluateAlerts(Now.AddMinutes(1)).Raised.Single(a => a.Rule == "opel_level_changed");
        Assert.That(changed.Message, Does.StartWith("OPEL at RQ6 moved from 1 to "));
        Assert.That(_state.EvaluateAlerts(Now.AddMinutes(2)).Resolved, Does.Not.Contain(changed.Id));
        _state.Alerts.Acknowledge(changed.Id, "operational", Now.AddMinutes(3));
        Assert.That(_state.Alerts.Active.Any(a => a.Id == changed.Id), Is.False);
    }

    [Test]
    public void Shipped_settings_validate_and_name_their_sources()
    {
        var settings = LiveStateSettings.Defaults();
        Assert.That(settings.Validate(), Is.Empty);
        Assert.That(settings.Beds.OccupancyThreshold, Is.EqualTo(0.92));
        Assert.That(settings.Beds.Sources["occupancyThreshold"], Does.Contain("planning guidance 2023/24"));
        Assert.That(settings.Ed.HandoverBandsMinutes, Is.EqualTo(new[] { 15, 30, 45, 60 }));
        Assert.That(settings.Opel.Label, Is.EqualTo("indicative"));
    }

    [Test]
    public void Bad_settings_json_is_refused_naming_the_key()
    {
        using var json = new MemoryStream("{\"beds\":{\"occupancyThreshold\":-1,\"strandedDays\":7,\"superStrandedDays\":21,\"toCleanAlertMinutes\":60}}"u8.ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => LiveStateSettings.Load(json));
        Assert.That(ex!.Message, Does.Contain("beds.occupancyThreshold: must be a proportion in (0, 2], e.g. 0.92 (was -1)."));
    }
}
