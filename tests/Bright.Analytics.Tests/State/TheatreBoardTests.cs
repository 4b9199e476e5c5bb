using Bright.Analytics.State;
using Bright.Analytics.State.Theatres;
using Bright.Core.Events;
using Bright.Core.Reference;
using static Bright.Analytics.Tests.State.Ev;

namespace Bright.Analytics.Tests.State;

[TestFixture]
public sealed class TheatreBoardTests
{
    // 14 Jan 2026 is GMT: local times equal UTC. The list runs 08:30-12:30 (D = 240 minutes).
    private static readonly DateOnly Day = new(2026, 1, 14);
    private const string Room = "RQ6/theatres/TH01";
    private DataQualityLog _quality = null!;
    private TheatreBoard _board = null!;

    [SetUp]
    public void NewBoard()
    {
        _quality = new DataQualityLog();
        _board = new TheatreBoard("RQ6", TrustReference.Demo.FindSite("RQ6"), LiveStateSettings.Defaults().Theatres, _quality);
        _board.Apply(Make(EventKind.TheatreListPlanned, T("2025-12-17T10:00:00Z"), null, Room, "general surgery", 240,
            ("listId", "L1"), ("start", "2026-01-14T08:30:00Z"), ("end", "2026-01-14T12:30:00Z"), ("session", "AM")));
        Schedule("A", "08:30", 90);
        Schedule("B", "10:20", 120);
    }

    private void Schedule(string caseId, string start, double minutes) => _board.Apply(Make(EventKind.CaseScheduled, T("2025-12-20T10:00:00Z"),
        "P-" + caseId, Room, "general surgery", minutes, ("listId", "L1"), ("caseId", caseId), ("procedure", "Hernia repair"),
        ("plannedStart", $"2026-01-14T{start}:00Z")));

    private void Milestone(string caseId, string code, string time) =>
        _board.Apply(Make(EventKind.TheatreMilestone, T($"2026-01-14T{time}:00Z"), "P-" + caseId, Room, code, attributes: [("caseId", caseId), ("listId", "L1")]));

    private RoomView RoomAt(string time) => _board.View(T($"2026-01-14T{time}:00Z"), Day).Rooms.Single(r => r.Code == "TH01");

    [TestCase("in_theatre", "in_use")]
    [TestCase("anaesthesia_end", "prepare_to_clean")]
    [TestCase("op_note_entered", "prepare_to_clean")]
    [TestCase("left_theatre", "ready_to_clean")]
    [TestCase("clean_start", "cleaning")]
    [TestCase("room_ready", "ready")]
    public void Room_status_follows_the_latest_mapped_milestone(string last, string status)
    {
        var sequence = new[] { "in_theatre", "anaesthesia_end", "op_note_entered", "left_theatre", "clean_start", "room_ready" };
        var minute = 40;
        foreach (var code in sequence.TakeWhile(c => c != last).Append(last))
        {
            Milestone("A", code, $"08:{minute++}");
        }

        var room = RoomAt("09:30");
        Assert.That(room.Status, Is.EqualTo(status));
    }

    [Test]
    public void Milestones_not_in_the_mapping_leave_the_room_status_alone()
    {
        Milestone("A", "left_theatre", "10:00");
        Milestone("A", "in_recovery", "10:05");
        Assert.That(RoomAt("10:10").Status, Is.EqualTo("ready_to_clean"));
        Assert.That(RoomAt("10:10").MinutesInStatus, Is.EqualTo(10));
    }

    [Test]
    public void Utilisation_capped_and_uncapped_on_a_worked_example()
    {
        // A: anaesthesia_start 08:20 (before S), left 10:00 -> capped 90 (08:30-10:00), uncapped 100.
        // B: in_theatre 10:30 (no anaesthesia_start), left 12:50 (after E) -> capped 120 (10:30-12:30), uncapped 140.
        // Capped = 210/240 = 0.875; uncapped = 240/240 = 1.0 (DOMAIN.md §6).
        Milestone("A", "anaesthesia_start", "08:20");
        Milestone("A", "in_theatre", "08:45");
        Milestone("A", "left_theatre", "10:00");
        Milestone("B", "in_theatre", "10:30");
        Milestone("B", "left_theatre", "12:50");

        var view = _board.View(T("2026-01-14T13:00:00Z"), Day);
        var metrics = view.Rooms.Single(r => r.Code == "TH01").Sessions.Single().Metrics;
        Assert.That(metrics.CappedTouchMinutes, Is.EqualTo(210));
        Assert.That(metrics.UncappedTouchMinutes, Is.EqualTo(240));
        Assert.That(metrics.CappedUtilisation, Is.EqualTo(0.875));
        Assert.That(metrics.UncappedUtilisation, Is.EqualTo(1.0));
        Assert.That(metrics.OverrunMinutes, Is.EqualTo(20));
        Assert.That(metrics.EarlyFinishMinutes, Is.EqualTo(-20));
        Assert.That(metrics.EarlyFinish, Is.False);
        Assert.That(view.Summary.CappedUtilisation, Is.EqualTo(0.875));
    }

    [TestCase("08:59", 29, false)]
    [TestCase("09:00", 30, true, Description = "30 minutes late is a late start (NHS Improvement threshold, a setting)")]
    public void Late_start_is_first_in_theatre_minus_planned_start(string entry, double minutes, bool late)
    {
        Milestone("A", "in_theatre", entry);

        var metrics = RoomAt("09:30").Sessions.Single().Metrics;
        Assert.That(metrics.LateStartMinutes, Is.EqualTo(minutes));
        Assert.That(metrics.LateStart, Is.EqualTo(late));
    }

    [Test]
    public void Turnaround_is_next_in_theatre_minus_previous_left_theatre()
    {
        Milestone("A", "in_theatre", "08:30");
        Milestone("A", "left_theatre", "10:00");
        Milestone("B", "in_theatre", "10:35");

        var view = _board.View(T("2026-01-14T11:00:00Z"), Day);
        Assert.That(view.Rooms.Single(r => r.Code == "TH01").Sessions.Single().Metrics.TurnaroundMinutes, Is.EqualTo(new[] { 35.0 }));
        Assert.That(view.Summary.TurnaroundMinutes, Is.EqualTo(35));
    }

    [Test]
    public void The_current_case_milestone_and_expected_finish_show_an_overrun()
    {
        Milestone("A", "in_theatre", "09:30");
        Milestone("A", "knife_to_skin", "09:40");

        var room = RoomAt("10:00");
        Assert.That(room.CurrentCase!.Position, Is.EqualTo(1));
        Assert.That(room.CurrentCase.Procedure, Is.EqualTo("Hernia repair"));
        Assert.That(room.CurrentMilestone, Is.EqualTo("knife_to_skin"));
        Assert.That(room.MinutesInMilestone, Is.EqualTo(20));
        Assert.That(room.ExpectedFinish, Is.EqualTo(T("2026-01-14T13:00:00Z")), "A ends 11:00, then B's 120 minutes");
        Assert.That(room.PlannedFinish, Is.EqualTo(T("2026-01-14T12:30:00Z")));
        Assert.That(room.Overrunning, Is.True);
        Assert.That(room.OverrunMinutes, Is.EqualTo(30));
    }

    [Test]
    public void On_the_day_cancellations_are_counted_with_reasons()
    {
        _board.Apply(Make(EventKind.CaseCancelled, T("2026-01-14T07:00:00Z"), "P-B", Room, "no_bed", attributes: [("caseId", "B"), ("reason", "no bed")]));

        var view = _board.View(T("2026-01-14T08:00:00Z"), Day);
        Assert.That(view.Summary.CancelledOnTheDay, Is.EqualTo(1));
        Assert.That(view.Summary.CancellationReasons.Single(), Is.EqualTo(new CancellationCount("no bed", 1)));
        Assert.That(view.Rooms.Single(r => r.Code == "TH01").Sessions.Single().Cases.Select(c => c.State), Is.EqualTo(new[] { "scheduled", "cancelled" }));
    }

    [Test]
    public void Garbage_never_throws_and_is_counted()
    {
        _board.Apply(Make(EventKind.TheatreMilestone, T("2026-01-14T09:00:00Z"), "P-A", Room, "teleported", attributes: ("caseId", "A")));
        _board.Apply(Make(EventKind.TheatreMilestone, T("2026-01-14T09:00:00Z"), "P-A", Room, "in_theatre"));
        _board.Apply(Make(EventKind.TheatreListPlanned, T("2026-01-14T09:00:00Z"), null, Room, "x", attributes: ("listId", "L9")));
        _board.Apply(Make(EventKind.TheatreMilestone, T("2026-01-14T09:00:00Z"), "P-Z", "RQ6/W1/B01", "in_theatre", attributes: ("caseId", "Z")));
        Milestone("A", "left_theatre", "09:00");
        Milestone("A", "in_theatre", "09:10");

        Assert.That(_quality.Recent.Select(i => i.Message), Is.EqualTo(new[]
        {
            "code: 'teleported' is not a theatre milestone; use one of " + string.Join(", ", TheatreBoard.Milestones) + ".",
            "attributes.caseId: a TheatreMilestone needs the case it belongs to; it is not shown.",
            "attributes.start/end: a TheatreListPlanned needs a start before its end (were '' and '').",
            "location: 'RQ6/W1/B01' names no theatre like RQ6/theatres/ROOM; the case is not shown.",
            "occurredAt: 'in_theatre' is out of order with in_theatre ≤ knife_to_skin ≤ closure ≤ left_theatre.",
        }));
    }
}
