using System.Globalization;
using Bright.Core.Events;
using Bright.Core.Reference;

namespace Bright.Simulator.Tests;

public sealed class TrustSimulatorTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 20, 9, 17, 0, TimeSpan.Zero);

    private static TrustSimulator NewSimulator(int seed = 20261126) =>
        new(TrustReference.Demo, new SimulatorOptions { Seed = seed }, Start);

    private static string Describe(HospitalEvent e) =>
        string.Join('|', e.EventId, e.OccurredAt.ToString("O", CultureInfo.InvariantCulture), e.ReceivedAt.ToString("O", CultureInfo.InvariantCulture), e.Source, e.Site, e.Kind, e.Subject, e.Location,
            e.Code, e.Value, string.Join(',', e.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")));

    [Test]
    public void Same_seed_gives_the_same_events_in_one_step_or_many()
    {
        var oneStep = NewSimulator().AdvanceTo(Start.AddDays(21)).Select(Describe).ToList();
        var stepped = NewSimulator();
        var manySteps = new List<string>();
        var end = Start.AddDays(21);
        var step = TimeSpan.FromMinutes(7);
        while (stepped.Now < end)
        {
            var until = stepped.Now + step > end ? end : stepped.Now + step;
            manySteps.AddRange(stepped.AdvanceTo(until).Select(Describe));
            step = step == TimeSpan.FromMinutes(7) ? TimeSpan.FromHours(5) : TimeSpan.FromMinutes(7);
        }

        Assert.That(manySteps, Is.EqualTo(oneStep));
    }

    [Test]
    public void A_different_seed_gives_different_events()
    {
        var first = NewSimulator(1).AdvanceTo(Start.AddDays(1)).Take(2000).Select(Describe).ToList();
        var second = NewSimulator(2).AdvanceTo(Start.AddDays(1)).Take(2000).Select(Describe).ToList();
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void Events_are_ordered_and_fall_within_now_and_until()
    {
        var simulator = NewSimulator();
        var rng = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var from = simulator.Now;
            var until = from.AddMinutes(rng.Next(1, 600));
            var previous = from;
            foreach (var e in simulator.AdvanceTo(until))
            {
                Assert.That(e.OccurredAt, Is.GreaterThan(from).And.LessThanOrEqualTo(until));
                Assert.That(e.OccurredAt, Is.GreaterThanOrEqualTo(previous));
                Assert.That(e.OccurredAt.Offset, Is.EqualTo(TimeSpan.Zero));
                previous = e.OccurredAt;
            }

            Assert.That(simulator.Now, Is.EqualTo(until));
        }
    }

    [Test]
    public void Advancing_to_before_now_is_rejected()
    {
        var simulator = NewSimulator();
        _ = simulator.AdvanceTo(Start.AddHours(1)).Count();
        Assert.That(() => simulator.AdvanceTo(Start), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Event_ids_are_unique_over_sixty_days_and_received_after_they_occur()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        var lagOverHour = 0;
        foreach (var e in NewSimulator().AdvanceTo(Start.AddDays(60)))
        {
            if (!ids.Add(e.EventId))
            {
                duplicates++;
            }

            var lag = e.ReceivedAt - e.OccurredAt;
            if (lag <= TimeSpan.Zero || lag > TimeSpan.FromHours(1))
            {
                lagOverHour++;
            }

            Assert.That(e.Source, Is.EqualTo(TrustSimulator.Source));
        }

        Assert.That(duplicates, Is.Zero);
        Assert.That(lagOverHour, Is.Zero);
        Assert.That(ids, Has.Count.GreaterThan(500_000));
    }

    [Test]
    public void Every_event_kind_the_capabilities_need_appears_within_thirty_days()
    {
        var needed = new[]
        {
            EventKind.EdArrival, EventKind.AmbulanceArrival, EventKind.AmbulanceHandover, EventKind.EdTriage, EventKind.EdSeenByClinician,
            EventKind.EdDecisionToAdmit, EventKind.EdDeparture, EventKind.Admission, EventKind.Transfer, EventKind.DischargePlanned,
            EventKind.Discharge, EventKind.BedStatusChanged, EventKind.CriteriaToResideChanged, EventKind.PreAdmission,
            EventKind.TheatreListPlanned, EventKind.CaseScheduled, EventKind.TheatreMilestone, EventKind.CaseCancelled,
            EventKind.DiagnosticRequested, EventKind.DiagnosticReported, EventKind.StaffingLevel,
        };
        var seen = new HashSet<EventKind>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in NewSimulator().AdvanceTo(Start.AddDays(30)))
        {
            seen.Add(e.Kind);
            codes.Add($"{e.Kind}:{e.Code}");
        }

        Assert.That(seen, Is.SupersetOf(needed));
        Assert.That(codes, Is.SupersetOf(new[]
        {
            "EdArrival:ambulance", "EdArrival:walk_in", "EdDeparture:admitted", "EdDeparture:discharged", "EdDeparture:transferred",
            "DischargePlanned:pending", "DischargePlanned:confirmed", "CaseCancelled:clinical", "CaseCancelled:non_clinical_on_day",
            "CaseCancelled:non_clinical_before_day", "BedStatusChanged:blocked", "BedStatusChanged:reserved", "BedStatusChanged:to_clean",
            "BedStatusChanged:cleaning", "DiagnosticRequested:CT", "DiagnosticRequested:MRI",
        }));
    }

    [Test]
    public void Every_bed_is_announced_available_when_history_opens()
    {
        var opening = NewSimulator().AdvanceTo(Start.AddSeconds(1)).ToList();
        var beds = TrustReference.Demo.Sites.SelectMany(s => s.Wards.SelectMany(w =>
            w.CoreBedCodes.Concat(w.EscalationBedCodes).Select(b => $"{s.Code}/{w.Code}/{b}"))).ToList();
        Assert.That(opening.Where(e => e.Kind == EventKind.BedStatusChanged && e.Code == BedStatus.Available).Select(e => e.Location),
            Is.EquivalentTo(beds));
    }

    [Test]
    public void Events_carry_the_shapes_the_capabilities_read()
    {
        var events = NewSimulator().AdvanceTo(Start.AddDays(10)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(events.Where(e => e.Subject is not null).Select(e => e.Subject), Has.All.Match("^P-[0-9a-f]{16}$"));
            Assert.That(events.Where(e => e.Kind == EventKind.EdArrival).Select(e => e.Location), Has.All.Match("^(RQ6|REM|REP)/ed/[A-Z]+$"));
            Assert.That(events.Where(e => e.Kind == EventKind.EdArrival).Select(e => int.Parse(e.Attributes["acuity"], CultureInfo.InvariantCulture)), Has.All.InRange(1, 5));
            Assert.That(events.Where(e => e.Kind == EventKind.EdArrival && e.Site == "RBQ"), Is.Empty);
            Assert.That(events.Where(e => e.Kind == EventKind.EdArrival && e.Site == "REP").Select(e => e.Location), Has.All.EqualTo("REP/ed/EGU"));
            Assert.That(events.Where(e => e.Kind == EventKind.Admission).Select(e => e.Location), Has.All.Match("^[A-Z0-9]+/[A-Z0-9]+/[BE][0-9]{2}$"));
            Assert.That(events.Where(e => e.Kind == EventKind.Admission).Select(e => e.Attributes["patientClass"]),
                Has.All.AnyOf("emergency", "elective", "daycase"));
            Assert.That(events.Where(e => e.Kind == EventKind.Admission && e.Site == "RBQ").Select(e => e.Attributes["admitMethod"]),
                Has.None.EqualTo("emergency_ed"));
            Assert.That(events.Where(e => e.Kind == EventKind.TheatreListPlanned).Select(e => e.Location), Has.All.Match("^[A-Z0-9]+/theatres/TH[0-9]{2}$"));
            Assert.That(events.Where(e => e.Kind == EventKind.TheatreListPlanned).Select(e => e.Value), Has.All.EqualTo(240));
            Assert.That(events.Where(e => e.Kind == EventKind.CaseScheduled).Select(e => e.Attributes["procedure"]), Has.All.Not.Empty);
            Assert.That(events.Where(e => e.Kind == EventKind.StaffingLevel).Select(e => e.Attributes["role"]), Has.All.AnyOf("RN", "HCA"));
            Assert.That(events.Where(e => e.Kind == EventKind.CriteriaToResideChanged).Select(e => e.Attributes["pathway"]),
                Has.All.AnyOf("0", "1", "2", "3"));
            Assert.That(events.Where(e => e.Kind == EventKind.DischargePlanned).Select(e => DateTimeOffset.Parse(e.Attributes["expectedAt"], CultureInfo.InvariantCulture)),
                Is.Not.Empty);
        });
    }

    [Test]
    public void Invalid_options_stop_construction_naming_the_key()
    {
        var options = new SimulatorOptions { SpeedFactor = -1 };
        Assert.That(() => new TrustSimulator(TrustReference.Demo, options, Start),
            Throws.ArgumentException.With.Message.Contains("Bright:Simulator:SpeedFactor must be greater than 0 (was -1)."));
    }
}
