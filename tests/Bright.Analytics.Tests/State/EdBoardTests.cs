using Bright.Analytics.State;
using Bright.Analytics.State.Ed;
using Bright.Core.Events;
using Bright.Core.Reference;
using static Bright.Analytics.Tests.State.Ev;

namespace Bright.Analytics.Tests.State;

[TestFixture]
public sealed class EdBoardTests
{
    // 14 Jan 2026 is GMT, so local midnight is 00:00Z.
    private static readonly DateTimeOffset Now = T("2026-01-14T12:00:00Z");
    private DataQualityLog _quality = null!;
    private EdBoard _board = null!;

    [SetUp]
    public void NewBoard()
    {
        _quality = new DataQualityLog();
        _board = new EdBoard("RQ6", TrustReference.Demo.FindSite("RQ6"), LiveStateSettings.Defaults().Ed, _quality);
    }

    private static string Area => TrustReference.Demo.FindSite("RQ6")!.EdAreas.First(a => a.Majors).Code;

    private void Arrive(string subject, DateTimeOffset at) => _board.Apply(Make(EventKind.EdArrival, at, subject, $"RQ6/ed/{Area}"));

    [Test]
    public void Patients_past_four_hours_are_breaches_and_those_within_thirty_minutes_are_about_to_breach()
    {
        Arrive("A", Now.AddMinutes(-241));
        Arrive("B", Now.AddMinutes(-215));
        Arrive("C", Now.AddMinutes(-205));

        var view = _board.View(Now);
        var patients = view.Areas.Single(a => a.Code == Area).Patients;
        Assert.That(patients.Select(p => p.MinutesInDepartment), Is.EqualTo(new[] { 241, 215, 205 }));
        Assert.That(patients.Select(p => p.Breached), Is.EqualTo(new[] { true, false, false }));
        Assert.That(patients.Select(p => p.AboutToBreach), Is.EqualTo(new[] { false, true, false }));
        Assert.That(view.Summary.Breached, Is.EqualTo(1));
        Assert.That(view.Summary.AboutToBreach, Is.EqualTo(1));
    }

    [Test]
    public void Four_hour_performance_since_midnight_counts_departures_over_240_and_patients_still_present_past_240()
    {
        Arrive("A", T("2026-01-14T01:00:00Z"));
        _board.Apply(Make(EventKind.EdDeparture, T("2026-01-14T05:00:00Z"), "A", code: "discharged"));
        Arrive("B", T("2026-01-14T02:00:00Z"));
        _board.Apply(Make(EventKind.EdDeparture, T("2026-01-14T06:01:00Z"), "B", code: "admitted"));
        Arrive("C", T("2026-01-14T07:00:00Z"));
        Arrive("D", T("2026-01-14T11:00:00Z"));
        Arrive("Y", T("2026-01-13T23:00:00Z"));

        var summary = _board.View(Now).Summary;
        Assert.That(summary.ArrivalsToday, Is.EqualTo(4), "Y arrived yesterday");
        Assert.That(summary.BreachesToday, Is.EqualTo(2), "B departed after 241 min; C present 300 min");
        Assert.That(summary.FourHourPerformance, Is.EqualTo(0.5));
    }

    [Test]
    public void Twelve_hour_waits_and_decision_to_admit_waits_are_counted()
    {
        Arrive("A", Now.AddHours(-13));
        _board.Apply(Make(EventKind.EdDecisionToAdmit, Now.AddHours(-12.5), "A", attributes: ("ward", "W1")));
        Arrive("B", Now.AddHours(-2));
        _board.Apply(Make(EventKind.EdDecisionToAdmit, Now.AddMinutes(-30), "B"));

        var summary = _board.View(Now).Summary;
        Assert.That(summary.OverTwelveHours, Is.EqualTo(1));
        Assert.That(summary.AwaitingAdmission, Is.EqualTo(2));
        Assert.That(summary.LongestDecisionToAdmitMinutes, Is.EqualTo(750));
        Assert.That(summary.DecisionToAdmitOverTwelveHours, Is.EqualTo(1));
    }

    [Test]
    public void Median_time_to_treatment_is_over_patients_seen_since_midnight()
    {
        foreach (var (subject, arrived, seen) in new[] { ("A", 60, 20), ("B", 120, 50), ("C", 200, 90) })
        {
            Arrive(subject, Now.AddMinutes(-arrived));
            _board.Apply(Make(EventKind.EdSeenByClinician, Now.AddMinutes(-arrived + seen), subject));
        }

        Assert.That(_board.View(Now).Summary.MedianTimeToTreatmentMinutes, Is.EqualTo(50));
    }

    [Test]
    public void Handover_clocks_fall_in_bands_and_time_lost_is_the_sum_past_fifteen_minutes()
    {
        foreach (var (subject, minutes) in new[] { ("A", 10.0), ("B", 20.0), ("C", 50.0) })
        {
            _board.Apply(Make(EventKind.AmbulanceArrival, Now.AddHours(-3), subject, $"RQ6/ed/{Area}"));
            _board.Apply(Make(EventKind.AmbulanceHandover, Now.AddHours(-3).AddMinutes(minutes), subject, $"RQ6/ed/{Area}"));
        }

        _board.Apply(Make(EventKind.AmbulanceArrival, Now.AddMinutes(-35), "W1", $"RQ6/ed/{Area}"));
        _board.Apply(Make(EventKind.AmbulanceArrival, Now.AddMinutes(-16), "W2", $"RQ6/ed/{Area}"));

        var ambulances = _board.View(Now).Ambulances;
        Assert.That(ambulances.HandoversToday, Is.EqualTo(3));
        Assert.That(ambulances.MeanHandoverMinutes, Is.EqualTo(80.0 / 3).Within(1e-9));
        Assert.That(ambulances.TimeLostMinutes, Is.EqualTo(0 + 5 + 35));
        Assert.That(ambulances.WithinTargetShare, Is.EqualTo(1.0 / 3).Within(1e-9));
        Assert.That(ambulances.Waiting, Is.EqualTo(2));
        Assert.That(ambulances.Queue.Select(q => q.Band), Is.EqualTo(new int?[] { 30, 15 }));
        Assert.That(ambulances.Bands.Select(b => (b.OverMinutes, b.Waiting, b.HandoversToday)),
            Is.EqualTo(new[] { (15, 2, 2), (30, 1, 1), (45, 0, 1), (60, 0, 0) }));
        Assert.That(ambulances.WaitingTimeLostMinutes, Is.EqualTo(20 + 1));
    }

    [Test]
    public void Majors_and_resus_occupancy_can_exceed_one()
    {
        var majors = TrustReference.Demo.FindSite("RQ6")!.EdAreas.Where(a => a.Majors).ToList();
        var spaces = majors.Sum(a => a.Spaces);
        for (var i = 0; i <= spaces; i++)
        {
            _board.Apply(Make(EventKind.EdArrival, Now.AddMinutes(-i), "P" + i, $"RQ6/ed/{majors[0].Code}"));
        }

        var summary = _board.View(Now).Summary;
        Assert.That(summary.MajorsResusPatients, Is.EqualTo(spaces + 1));
        Assert.That(summary.MajorsResusOccupancy, Is.EqualTo((double)(spaces + 1) / spaces));
    }

    [Test]
    public void Garbage_never_throws_and_is_counted()
    {
        _board.Apply(Make(EventKind.EdArrival, Now, "X", null));
        _board.Apply(Make(EventKind.EdDeparture, Now, "NOBODY"));
        _board.Apply(Make(EventKind.AmbulanceHandover, Now, null));

        Assert.That(_quality.Recent.Select(i => i.Message), Is.EqualTo(new[]
        {
            "location: '' names no ED area like RQ6/ed/AREA; shown under 'unknown'.",
            "A EdDeparture for a patient with no EdArrival in the department; it is not counted.",
            "An AmbulanceHandover with no ambulance arrival waiting; it is not counted.",
        }));
        Assert.That(_board.View(Now).Areas.Single(a => a.Code == "unknown").Patients, Has.Count.EqualTo(1));
    }
}
