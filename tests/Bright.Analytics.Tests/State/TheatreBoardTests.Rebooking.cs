using Bright.Analytics.State;
using Bright.Analytics.State.Theatres;
using Bright.Core.Events;
using Bright.Core.Reference;
using static Bright.Analytics.Tests.State.Ev;

namespace Bright.Analytics.Tests.State;

/// <summary>The 28-day rule (DOMAIN.md §6): an on-the-day non-clinical cancellation must be rebooked for a date within 28 days.</summary>
[TestFixture]
public sealed class TheatreBoardRebookingTests
{
    private const string Room = "RQ6/theatres/TH02";
    private TheatreBoard _board = null!;
    private int _case;

    [SetUp]
    public void NewBoard() =>
        _board = new TheatreBoard("RQ6", TrustReference.Demo.FindSite("RQ6"), LiveStateSettings.Defaults().Theatres, new DataQualityLog());

    /// <summary>Books a case for <paramref name="subject"/> on <paramref name="day"/> at 09:00 (GMT in winter); returns its id.</summary>
    private string Book(string subject, string bookedAt, string day, string procedure = "Hip replacement")
    {
        var caseId = "K" + ++_case;
        _board.Apply(Make(EventKind.CaseScheduled, T(bookedAt), subject, Room, "trauma and orthopaedics", 120, ("listId", "L-" + day),
            ("caseId", caseId), ("procedure", procedure), ("plannedStart", $"{day}T09:00:00Z")));
        return caseId;
    }

    private void Cancel(string caseId, string subject, string at, string code = "non_clinical_on_day", string reason = "no_bed") =>
        _board.Apply(Make(EventKind.CaseCancelled, T(at), subject, Room, code, attributes: [("caseId", caseId), ("reason", reason)]));

    [Test]
    public void A_case_rebooked_for_a_date_within_28_days_meets_the_rule_and_is_not_listed()
    {
        var first = Book("S1", "2026-01-02T10:00:00Z", "2026-01-05");
        Cancel(first, "S1", "2026-01-05T07:30:00Z");
        Book("S1", "2026-01-06T10:00:00Z", "2026-02-02");

        var rebooking = _board.Rebooking(T("2026-01-10T12:00:00Z"));

        Assert.That((rebooking.WindowDays, rebooking.RebookedWithin28Days, rebooking.Open, rebooking.Breaches), Is.EqualTo((28, 1, 0, 0)));
        Assert.That(rebooking.Cancellations, Is.Empty);
    }

    [Test]
    public void A_cancellation_not_yet_rebooked_is_open_with_the_days_remaining_to_its_deadline()
    {
        var first = Book("S1", "2026-01-02T10:00:00Z", "2026-01-05");
        Cancel(first, "S1", "2026-01-05T07:30:00Z");
        Book("S2", "2026-01-06T10:00:00Z", "2026-01-20", "Hip replacement");
        Book("S1", "2026-01-06T10:00:00Z", "2026-01-21", "Knee replacement");

        var rebooking = _board.Rebooking(T("2026-01-10T12:00:00Z"));

        Assert.That(rebooking.Cancellations, Is.EqualTo(new[]
        {
            new CancellationRebooking("Hip replacement", "TH02", new DateOnly(2026, 1, 5), "no_bed", new DateOnly(2026, 2, 2), null, "open", 23),
        }), "another patient's booking and another procedure are not a rebooking");
    }

    [Test]
    public void A_cancellation_whose_28_days_ran_out_or_rebooked_too_late_is_a_breach()
    {
        var late = Book("S1", "2026-01-02T10:00:00Z", "2026-01-05");
        Cancel(late, "S1", "2026-01-05T07:30:00Z");
        Book("S1", "2026-01-06T10:00:00Z", "2026-02-03");
        var never = Book("S2", "2026-01-02T10:00:00Z", "2026-01-06");
        Cancel(never, "S2", "2026-01-06T08:00:00Z", reason: "list_overran");

        var rebooking = _board.Rebooking(T("2026-02-04T09:00:00Z"));

        Assert.That((rebooking.RebookedWithin28Days, rebooking.Open, rebooking.Breaches), Is.EqualTo((0, 0, 2)));
        Assert.That(rebooking.Cancellations.Select(c => (c.CancelledOn, c.Reason, c.RebookedFor, c.Status, c.DaysRemaining)), Is.EqualTo(new[]
        {
            (new DateOnly(2026, 1, 6), "list_overran", (DateOnly?)null, "breach", (int?)null),
            (new DateOnly(2026, 1, 5), "no_bed", new DateOnly(2026, 2, 3), "breach", null),
        }));
    }

    [Test]
    public void A_rebooking_that_is_itself_cancelled_no_longer_counts()
    {
        var first = Book("S1", "2026-01-02T10:00:00Z", "2026-01-05");
        Cancel(first, "S1", "2026-01-05T07:30:00Z");
        var second = Book("S1", "2026-01-06T10:00:00Z", "2026-01-19");
        Cancel(second, "S1", "2026-01-12T10:00:00Z", "non_clinical_before_day", "list_reallocated");

        var rebooking = _board.Rebooking(T("2026-01-13T12:00:00Z"));

        Assert.That((rebooking.RebookedWithin28Days, rebooking.Open, rebooking.Breaches), Is.EqualTo((0, 1, 0)));
        Assert.That(rebooking.Cancellations.Single().DaysRemaining, Is.EqualTo(20), "the day-before cancellation is not itself on the day");
    }

    [Test]
    public void Clinical_and_day_before_cancellations_are_not_under_the_rule()
    {
        var clinical = Book("S1", "2026-01-02T10:00:00Z", "2026-01-05");
        Cancel(clinical, "S1", "2026-01-05T07:30:00Z", "clinical", "patient_unfit");
        var before = Book("S2", "2026-01-02T10:00:00Z", "2026-01-06");
        Cancel(before, "S2", "2026-01-05T09:00:00Z", "non_clinical_before_day", "no_bed_forecast");
        var sameDay = Book("S3", "2026-01-02T10:00:00Z", "2026-01-06");
        Cancel(sameDay, "S3", "2026-01-06T06:00:00Z", "non_clinical", "surgeon_unavailable");

        var rebooking = _board.Rebooking(T("2026-01-07T12:00:00Z"));

        Assert.That(rebooking.Cancellations.Select(c => c.Reason), Is.EqualTo(new[] { "surgeon_unavailable" }),
            "a non-clinical code on or after the operation's day counts");
    }

    [Test]
    public void Todays_trackboard_shows_the_rule_and_other_days_do_not()
    {
        var first = Book("S1", "2026-01-02T10:00:00Z", "2026-01-05");
        Cancel(first, "S1", "2026-01-05T07:30:00Z");
        var now = T("2026-01-10T12:00:00Z");

        Assert.That(_board.View(now, new DateOnly(2026, 1, 10)).Summary.Rebooking!.Open, Is.EqualTo(1));
        Assert.That(_board.View(now, new DateOnly(2026, 1, 5)).Summary.Rebooking, Is.Null);
    }

    [Test]
    public void Bookings_older_than_56_days_are_forgotten()
    {
        var first = Book("S1", "2026-01-02T10:00:00Z", "2026-01-05");
        Cancel(first, "S1", "2026-01-05T07:30:00Z");

        _board.Prune(T("2026-03-05T12:00:00Z"));

        Assert.That(_board.Rebooking(T("2026-02-20T12:00:00Z")).Breaches, Is.Zero);
    }
}
