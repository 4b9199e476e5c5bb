using Bright.Analytics.State;
using Bright.Analytics.State.Beds;
using Bright.Core.Events;
using Bright.Core.Reference;
using static Bright.Analytics.Tests.State.Ev;

namespace Bright.Analytics.Tests.State;

[TestFixture]
public sealed class BedBoardTests
{
    private static readonly DateTimeOffset At = T("2026-01-14T09:00:00Z");
    private DataQualityLog _quality = null!;
    private BedBoard _board = null!;

    [SetUp]
    public void NewBoard()
    {
        _quality = new DataQualityLog();
        _board = new BedBoard("RQ6", TrustReference.Demo.FindSite("RQ6"), LiveStateSettings.Defaults().Beds, _quality);
    }

    private BedView Bed(string ward, string bed, DateTimeOffset? now = null) =>
        _board.View(now ?? At.AddHours(1)).Wards.Single(w => w.Code == ward).Beds.Single(b => b.Code == bed);

    private WardView Ward(string ward) => _board.View(At.AddHours(1)).Wards.Single(w => w.Code == ward);

    [Test]
    public void An_admission_occupies_its_bed()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W1/B01", attributes: ("patientClass", "emergency")));

        var bed = Bed("W1", "B01");
        Assert.That(bed.Status, Is.EqualTo(BedStatus.Occupied));
        Assert.That(bed.PatientClass, Is.EqualTo("emergency"));
        Assert.That(Ward("W1").Summary.Occupied, Is.EqualTo(1));
    }

    [Test]
    public void A_transfer_leaves_the_old_bed_to_clean_and_occupies_the_new()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/AMU/B01"));
        _board.Apply(Make(EventKind.Transfer, At.AddHours(1), "P1", "RQ6/W1/B02"));

        Assert.That(Bed("AMU", "B01").Status, Is.EqualTo(BedStatus.ToClean));
        Assert.That(Bed("W1", "B02").Status, Is.EqualTo(BedStatus.Occupied));
    }

    [Test]
    public void A_discharge_leaves_the_bed_to_clean_and_cleaning_makes_it_available()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W1/B01"));
        _board.Apply(Make(EventKind.Discharge, At.AddHours(1), "P1", "RQ6/W1/B01"));
        Assert.That(Bed("W1", "B01").Status, Is.EqualTo(BedStatus.ToClean));
        Assert.That(Ward("W1").Summary.Coming, Is.EqualTo(1));

        _board.Apply(Make(EventKind.BedStatusChanged, At.AddHours(2), location: "RQ6/W1/B01", code: "cleaning"));
        Assert.That(Bed("W1", "B01").Status, Is.EqualTo(BedStatus.Cleaning));
        _board.Apply(Make(EventKind.BedStatusChanged, At.AddHours(2.5), location: "RQ6/W1/B01", code: "available"));
        Assert.That(Bed("W1", "B01").Status, Is.EqualTo(BedStatus.Available));
    }

    [Test]
    public void Cancelling_an_admission_frees_the_bed_and_closes_the_encounter()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W1/B01"));
        _board.Apply(Make(EventKind.AdmissionCancelled, At.AddMinutes(5), "P1", "RQ6/W1/B01", attributes: ("cancels", "Admission")));

        Assert.That(Bed("W1", "B01").Status, Is.EqualTo(BedStatus.Available));
        Assert.That(Ward("W1").Summary.Occupied, Is.Zero);
    }

    [Test]
    public void Cancelling_a_transfer_puts_the_patient_back_in_the_old_bed_ignoring_the_cancels_location()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W1/B01"));
        _board.Apply(Make(EventKind.Transfer, At.AddHours(1), "P1", "RQ6/W2/B03"));
        _board.Apply(Make(EventKind.TransferCancelled, At.AddHours(1.2), "P1", "RQ6/W9/B09", attributes: ("cancels", "Transfer")));

        Assert.That(Bed("W1", "B01").Status, Is.EqualTo(BedStatus.Occupied));
        Assert.That(Bed("W2", "B03").Status, Is.EqualTo(BedStatus.Available));
        Assert.That(Bed("W9", "B09").Status, Is.EqualTo(BedStatus.Available), "the cancel's own location is not touched");
    }

    [Test]
    public void Cancelling_a_discharge_reopens_the_encounter_in_its_bed_and_uncounts_the_discharge()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W1/B01"));
        _board.Apply(Make(EventKind.Discharge, At.AddHours(1), "P1", "RQ6/W1/B01"));
        _board.Apply(Make(EventKind.DischargeCancelled, At.AddHours(1.5), "P1", "RQ6/W1/B01", attributes: ("cancels", "Discharge")));

        Assert.That(Bed("W1", "B01").Status, Is.EqualTo(BedStatus.Occupied));
        Assert.That(Ward("W1").Summary.DischargesToday, Is.Zero);
        _board.Apply(Make(EventKind.Discharge, At.AddHours(2), "P1", "RQ6/W1/B01"));
        Assert.That(Ward("W1").Summary.DischargesToday, Is.EqualTo(1));
    }

    [Test]
    public void A_bed_swap_exchanges_two_occupants_so_a_later_discharge_frees_the_right_bed()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W1/B01"));
        _board.Apply(Make(EventKind.Admission, At, "P2", "RQ6/W1/B02"));
        _board.Apply(Make(EventKind.BedSwap, At.AddHours(1), "P1", "RQ6/W1/B02", attributes: [("otherSubject", "P2"), ("otherLocation", "RQ6/W1/B01")]));
        _board.Apply(Make(EventKind.Discharge, At.AddHours(2), "P1"));

        Assert.That(Bed("W1", "B02").Status, Is.EqualTo(BedStatus.ToClean));
        Assert.That(Bed("W1", "B01").Status, Is.EqualTo(BedStatus.Occupied));
    }

    [Test]
    public void A_bed_unknown_to_reference_data_is_shown_on_its_sites_board()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/NEWWARD/X7"));

        var ward = Ward("NEWWARD");
        Assert.That(ward.Known, Is.False);
        Assert.That(ward.Beds.Single().Code, Is.EqualTo("X7"));
        Assert.That(ward.Beds.Single().Status, Is.EqualTo(BedStatus.Occupied));
    }

    [Test]
    public void Free_after_agreed_moves_adds_confirmed_discharges_and_takes_pending_admissions_not_yet_reserved()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W2/B01"));
        _board.Apply(Make(EventKind.DischargePlanned, At, "P1", "RQ6/W2/B01", "confirmed"));
        _board.Apply(Make(EventKind.Admission, At, "P2", "RQ6/W2/B02"));
        _board.Apply(Make(EventKind.DischargePlanned, At, "P2", "RQ6/W2/B02", "pending"));
        _board.Apply(Make(EventKind.EdDecisionToAdmit, At, "P3", "RQ6/ed/MAJ", attributes: ("ward", "W2")));
        _board.Apply(Make(EventKind.EdDecisionToAdmit, At, "P4", "RQ6/ed/MAJ", attributes: ("ward", "W2")));
        _board.Apply(Make(EventKind.BedStatusChanged, At, "P4", "RQ6/W2/B03", "reserved"));

        var summary = Ward("W2").Summary;
        Assert.That(summary.FreeNow, Is.EqualTo(28 - 3), "28 core beds, 2 occupied, 1 reserved");
        Assert.That(summary.ConfirmedDischarges, Is.EqualTo(1));
        Assert.That(summary.PendingAdmissions, Is.EqualTo(1), "P4 already has a reserved bed");
        Assert.That(summary.FreeAfterMoves, Is.EqualTo(25 + 1 - 1));
    }

    [Test]
    public void Stranded_counts_local_midnights_across_the_spring_clock_change()
    {
        // Admitted 22 Mar 2026 10:00 GMT; BST starts 29 Mar. At 09:00 BST on 29 Mar seven midnights have passed,
        // but only 6 days 22 hours: stranded by midnights, not by 24-hour periods.
        _board.Apply(Make(EventKind.Admission, T("2026-03-22T10:00:00Z"), "P1", "RQ6/W4/B01"));
        var now = T("2026-03-29T08:00:00Z");
        var bed = Bed("W4", "B01", now);
        Assert.That(bed.LosDays, Is.EqualTo(7));
        Assert.That(bed.LosBand, Is.EqualTo("stranded"));

        var hours = LiveStateSettings.Defaults().Beds;
        hours.LosCounting = LosCounting.Hours24;
        var byHours = new BedBoard("RQ6", TrustReference.Demo.FindSite("RQ6"), hours, new DataQualityLog());
        byHours.Apply(Make(EventKind.Admission, T("2026-03-22T10:00:00Z"), "P1", "RQ6/W4/B01"));
        var counted = byHours.View(now).Wards.Single(w => w.Code == "W4").Beds.Single(b => b.Code == "B01");
        Assert.That(counted.LosDays, Is.EqualTo(6));
        Assert.That(counted.LosBand, Is.Null);
    }

    [Test]
    public void Super_stranded_from_21_days()
    {
        _board.Apply(Make(EventKind.Admission, T("2026-01-01T10:00:00Z"), "P1", "RQ6/W4/B01"));
        var view = _board.View(T("2026-01-22T10:00:00Z"));
        Assert.That(view.Summary.SuperStranded, Is.EqualTo(1));
        Assert.That(view.Summary.Stranded, Is.EqualTo(1));
    }

    [Test]
    public void Occupancy_counts_GA_and_assessment_wards_and_open_escalation_beds_only()
    {
        var site = TrustReference.Demo.FindSite("RQ6")!;
        var gaCore = site.Wards.Where(w => w.IsGeneralAndAcute).Sum(w => w.Beds);
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W1/E01"));
        _board.Apply(Make(EventKind.BedStatusChanged, At, "P1", "RQ6/W1/E01", "occupied"));
        var view = _board.View(At.AddHours(1));

        Assert.That(view.GaOpen, Is.EqualTo(gaCore + 1), "one escalation bed is open");
        Assert.That(view.GaOccupied, Is.EqualTo(1));
        Assert.That(view.Summary.EscalationOpen, Is.EqualTo(1));
        Assert.That(view.OccupancyThreshold, Is.EqualTo(0.92));
    }

    [Test]
    public void Discharges_before_noon_count_base_wards_only_in_local_time()
    {
        // 14 Jul is BST: 10:30Z is 11:30 local (before noon); 11:30Z is 12:30 local (after).
        foreach (var (subject, bed, at) in new[] { ("A", "RQ6/W1/B01", "2026-07-14T10:30:00Z"), ("B", "RQ6/W1/B02", "2026-07-14T11:30:00Z"),
            ("C", "RQ6/AMU/B01", "2026-07-14T09:00:00Z") })
        {
            _board.Apply(Make(EventKind.Admission, T("2026-07-13T08:00:00Z"), subject, bed));
            _board.Apply(Make(EventKind.Discharge, T(at), subject, bed));
        }

        var view = _board.View(T("2026-07-14T15:00:00Z"));
        Assert.That(view.BaseWardDischargesToday, Is.EqualTo(2));
        Assert.That(view.BaseWardDischargesBeforeNoon, Is.EqualTo(1));
        Assert.That(view.DischargesBeforeNoonShare, Is.EqualTo(0.5));
        Assert.That(view.Summary.DischargesToday, Is.EqualTo(3));
    }

    [Test]
    public void No_criteria_to_reside_is_counted_with_days_delayed()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W1/B01"));
        _board.Apply(Make(EventKind.CriteriaToResideChanged, At, "P1", "RQ6/W1/B01", "no", attributes: ("dischargeReadyDate", "2026-01-12")));

        Assert.That(_board.View(At).Summary.NoCriteriaToReside, Is.EqualTo(1));
        Assert.That(Bed("W1", "B01").DaysDelayed, Is.EqualTo(2));
    }

    [Test]
    public void A_move_into_an_occupied_bed_is_accepted_and_flagged()
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", "RQ6/W1/B01"));
        _board.Apply(Make(EventKind.Admission, At.AddMinutes(1), "P2", "RQ6/W1/B01"));

        Assert.That(Bed("W1", "B01").Status, Is.EqualTo(BedStatus.Occupied));
        Assert.That(_quality.Recent.Single().Message, Is.EqualTo("location: RQ6/W1/B01 was occupied by another patient; the feed is taken as the truth."));
    }

    [TestCase(null, "location: '' is not a bed path like RQ6/WARD/BED; no bed was changed.")]
    [TestCase("RQ6/ed/MAJ", "location: 'RQ6/ed/MAJ' is not a bed path like RQ6/WARD/BED; no bed was changed.")]
    [TestCase("RQ6//B1", "location: 'RQ6//B1' is not a bed path like RQ6/WARD/BED; no bed was changed.")]
    public void Garbage_locations_never_throw_and_are_counted(string? location, string message)
    {
        _board.Apply(Make(EventKind.Admission, At, "P1", location));

        Assert.That(_quality.Count, Is.EqualTo(1));
        Assert.That(_quality.Recent.Single().Message, Is.EqualTo(message));
        Assert.That(_board.View(At).Summary.Occupied, Is.Zero);
    }

    [Test]
    public void Unknown_status_codes_and_orphan_events_never_throw_and_are_counted()
    {
        _board.Apply(Make(EventKind.BedStatusChanged, At, location: "RQ6/W1/B01", code: "on_fire"));
        _board.Apply(Make(EventKind.Discharge, At, "NOBODY", "RQ6/W1/B02"));
        _board.Apply(Make(EventKind.TransferCancelled, At, "NOBODY"));
        _board.Apply(Make(EventKind.DischargePlanned, At, null, "RQ6/W1/B02", "maybe"));

        Assert.That(_quality.Recent.Select(i => i.Message), Is.EqualTo(new[]
        {
            "code: 'on_fire' is not a bed status; the bed keeps 'available'.",
            "A Discharge for a patient with no open admission on this site.",
            "There is no Transfer of this patient to cancel; nothing was undone.",
            "subject: a DischargePlanned needs a subject; the event is kept but changes no bed.",
        }));
        Assert.That(Bed("W1", "B01").Status, Is.EqualTo(BedStatus.Available));
    }
}
