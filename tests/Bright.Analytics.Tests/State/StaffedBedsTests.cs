using Bright.Analytics.State;
using Bright.Analytics.State.Beds;
using Bright.Core.Events;
using Bright.Core.Reference;
using static Bright.Analytics.Tests.State.Ev;

namespace Bright.Analytics.Tests.State;

[TestFixture]
public sealed class StaffedBedsTests
{
    private static readonly DateTimeOffset At = T("2026-01-14T09:00:00Z");

    [Test]
    public void A_board_no_event_has_touched_says_nothing_about_open_beds()
    {
        var board = new BedBoard("RQ6", TrustReference.Demo.FindSite("RQ6"), LiveStateSettings.Defaults().Beds, new DataQualityLog());
        Assert.That(StaffedBeds.Of(board.View(At)), Is.Null);
    }

    [Test]
    public void Open_beds_leave_out_blocked_and_closed_beds_and_count_open_escalation_beds_beside_the_core()
    {
        var site = TrustReference.Demo.FindSite("RQ6")!;
        var ga = site.Wards.Where(w => w.IsGeneralAndAcute).ToList();
        var core = ga.Sum(w => w.Beds);
        var escalation = ga.Sum(w => w.EscalationBeds);
        var board = new BedBoard("RQ6", site, LiveStateSettings.Defaults().Beds, new DataQualityLog());
        board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W1/B01"));
        board.Apply(Make(EventKind.BedStatusChanged, At, null, "RQ6/W1/B02", "blocked", attributes: ("reason", "infection")));
        board.Apply(Make(EventKind.BedStatusChanged, At, null, "RQ6/W1/B03", "blocked", attributes: ("reason", "maintenance")));
        // Escalation beds open when in use: one occupied, one being cleaned; the rest stay closed.
        board.Apply(Make(EventKind.Admission, At, "P2", "RQ6/W1/E01"));
        board.Apply(Make(EventKind.BedStatusChanged, At, null, "RQ6/W1/E02", "cleaning"));
        // A bed of a ward that is not G&A (critical care) does not count.
        board.Apply(Make(EventKind.BedStatusChanged, At, null, "RQ6/ICU/B01", "blocked", attributes: ("reason", "staffing")));

        var beds = StaffedBeds.Of(board.View(At.AddMinutes(5)))!;
        Assert.Multiple(() =>
        {
            Assert.That(escalation, Is.GreaterThanOrEqualTo(2), "the demo site has escalation beds to open");
            Assert.That(beds.CoreOpen, Is.EqualTo(core - 2), "two core beds blocked");
            Assert.That(beds.EscalationOpen, Is.EqualTo(2));
            Assert.That(beds.Open, Is.EqualTo(core - 2 + 2));
            Assert.That(beds.Blocked, Is.EqualTo(2));
            Assert.That(beds.Closed, Is.EqualTo(escalation - 2));
            Assert.That(beds.AsOf, Is.EqualTo(At.AddMinutes(5)));
        });
    }

    [Test]
    public void A_blocked_escalation_bed_is_open_on_the_board_but_not_counted()
    {
        var board = new BedBoard("RQ6", TrustReference.Demo.FindSite("RQ6"), LiveStateSettings.Defaults().Beds, new DataQualityLog());
        board.Apply(Make(EventKind.BedStatusChanged, At, null, "RQ6/W1/E01", "blocked", attributes: ("reason", "staffing")));
        var view = board.View(At);
        var beds = StaffedBeds.Of(view)!;
        Assert.Multiple(() =>
        {
            Assert.That(view.Summary.EscalationOpen, Is.EqualTo(1), "the board counts it open");
            Assert.That(beds.EscalationOpen, Is.Zero);
            Assert.That(beds.Blocked, Is.EqualTo(1));
        });
    }
}
