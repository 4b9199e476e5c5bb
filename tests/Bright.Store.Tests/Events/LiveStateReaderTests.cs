using System.Globalization;
using Bright.Core.Events;
using Bright.Store.Events;
using Bright.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bright.Store.Tests.Events;

[TestFixture]
public sealed class LiveStateReaderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-14T12:00:00Z", CultureInfo.InvariantCulture);
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = TempFolder.Create();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private static HospitalEvent E(string id, EventKind kind, DateTimeOffset at, string? subject, string location, string? code = null,
        params (string Key, string Value)[] attributes) => new()
        {
            EventId = id,
            OccurredAt = at,
            ReceivedAt = at,
            Source = "test-feed",
            Site = "RQ6",
            Kind = kind,
            Subject = subject,
            Location = location,
            Code = code,
            Attributes = attributes.ToDictionary(a => a.Key, a => a.Value),
        };

    private async Task<(BrightStore Store, LiveStateReader Reader)> StoreWithAsync(params HospitalEvent[] events)
    {
        var options = new StoreOptions { Path = Path.Combine(_folder.Path, "store.duckdb") };
        var store = BrightStore.Open(options);
        await using var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance);
        await writer.WriteAsync(events);
        return (store, new LiveStateReader(store));
    }

    [Test]
    public async Task Rebuild_reads_the_window_each_beds_latest_status_and_open_encounters_only()
    {
        var since = Now.AddHours(-48);
        var (store, reader) = await StoreWithAsync(
            E("bed-old-1", EventKind.BedStatusChanged, Now.AddDays(-20), null, "RQ6/W1/B01", "blocked"),
            E("bed-old-2", EventKind.BedStatusChanged, Now.AddDays(-10), null, "RQ6/W1/B01", "available"),
            E("open-adm", EventKind.Admission, Now.AddDays(-30), "OPEN", "RQ6/W1/B02"),
            E("open-plan", EventKind.DischargePlanned, Now.AddDays(-5), "OPEN", "RQ6/W1/B02", "pending"),
            E("gone-adm", EventKind.Admission, Now.AddDays(-30), "GONE", "RQ6/W1/B03"),
            E("gone-dis", EventKind.Discharge, Now.AddDays(-25), "GONE", "RQ6/W1/B03"),
            E("old-diag", EventKind.DiagnosticRequested, Now.AddHours(-1), "X", "RQ6/W1/B03", "ct"),
            E("recent-ed", EventKind.EdArrival, Now.AddHours(-2), "ED", "RQ6/ed/MAJORS"),
            E("list-today", EventKind.TheatreListPlanned, Now.AddDays(-28), null, "RQ6/theatres/TH01", "urology",
                ("listId", "L1"), ("start", "2026-01-14T08:30:00Z"), ("end", "2026-01-14T12:30:00Z")),
            E("list-old", EventKind.TheatreListPlanned, Now.AddDays(-40), null, "RQ6/theatres/TH01", "urology",
                ("listId", "L0"), ("start", "2026-01-01T08:30:00Z"), ("end", "2026-01-01T12:30:00Z")),
            E("case-today", EventKind.CaseScheduled, Now.AddDays(-7), "C", "RQ6/theatres/TH01", "urology", ("listId", "L1"), ("caseId", "C1")));
        using (store)
        {
            var events = await reader.ReadForRebuildAsync(since, Now.AddDays(-1));

            Assert.That(events.Select(e => e.EventId), Is.EqualTo(new[]
            {
                "open-adm", "list-today", "bed-old-2", "case-today", "open-plan", "recent-ed",
            }));
        }
    }

    [Test]
    public async Task Rebuild_reads_open_stays_from_the_year_before_the_window_and_not_older_silent_ones()
    {
        var since = Now.AddHours(-48);
        var (store, reader) = await StoreWithAsync(
            E("silent-adm", EventKind.Admission, since - LiveStateReader.OpenStayLookBack - TimeSpan.FromDays(1), "SILENT", "RQ6/W1/B01"),
            E("long-adm", EventKind.Admission, since.AddDays(-300), "LONG", "RQ6/W1/B02"),
            E("long-move", EventKind.Transfer, since.AddDays(-200), "LONG", "RQ6/W1/B03"),
            E("bed-early", EventKind.BedStatusChanged, since.AddDays(-700), null, "RQ6/W1/B09", "blocked"),
            E("bed-later", EventKind.BedStatusChanged, since.AddDays(-500), null, "RQ6/W1/B09", "available"));
        using (store)
        {
            var events = await reader.ReadForRebuildAsync(since, since.AddDays(-1));

            Assert.That(events.Select(e => e.EventId), Is.EqualTo(new[] { "bed-later", "long-adm", "long-move" }));
        }
    }

    [Test]
    public async Task Rebuild_reads_57_days_of_bookings_and_cancellations_and_the_booking_of_each_case_cancelled_then()
    {
        var since = Now.AddHours(-48);
        const string Room = "RQ6/theatres/TH01";
        var (store, reader) = await StoreWithAsync(
            E("booked-long-ago", EventKind.CaseScheduled, Now.AddDays(-80), "S1", Room, "urology", ("caseId", "K1")),
            E("cancelled-lately", EventKind.CaseCancelled, Now.AddDays(-20), "S1", Room, "non_clinical_on_day", ("caseId", "K1")),
            E("rebooked", EventKind.CaseScheduled, Now.AddDays(-19), "S1", Room, "urology", ("caseId", "K2")),
            E("booked-too-long-ago", EventKind.CaseScheduled, Now.AddDays(-70), "S2", Room, "urology", ("caseId", "K3")),
            E("cancelled-too-long-ago", EventKind.CaseCancelled, Now.AddDays(-62), "S2", Room, "non_clinical_on_day", ("caseId", "K3")));
        using (store)
        {
            var events = await reader.ReadForRebuildAsync(since, Now.AddDays(-1));

            Assert.That(events.Select(e => e.EventId), Is.EqualTo(new[] { "booked-long-ago", "cancelled-lately", "rebooked" }));
        }
    }

    [Test]
    public async Task Rebuild_reads_whole_the_ed_journeys_still_open_at_the_window_start()
    {
        var since = Now.AddHours(-48);
        var (store, reader) = await StoreWithAsync(
            E("open-arrive", EventKind.EdArrival, since.AddHours(-3), "STRADDLE", "RQ6/ed/MAJORS"),
            E("open-triage", EventKind.EdTriage, since.AddHours(-2), "STRADDLE", "RQ6/ed/MAJORS"),
            E("open-leave", EventKind.EdDeparture, since.AddHours(1), "STRADDLE", "RQ6/ed/MAJORS", "admitted"),
            E("amb-arrive", EventKind.AmbulanceArrival, since.AddMinutes(-20), "CREW", "RQ6/ed"),
            E("amb-handover", EventKind.AmbulanceHandover, since.AddMinutes(10), "CREW", "RQ6/ed"),
            E("done-arrive", EventKind.EdArrival, since.AddHours(-6), "DONE", "RQ6/ed/MINORS"),
            E("done-leave", EventKind.EdDeparture, since.AddHours(-4), "DONE", "RQ6/ed/MINORS", "discharged"));
        using (store)
        {
            var events = await reader.ReadForRebuildAsync(since, Now.AddDays(-1));

            Assert.That(events.Select(e => e.EventId), Is.EqualTo(new[]
            {
                "open-arrive", "open-triage", "amb-arrive", "amb-handover", "open-leave",
            }));
        }
    }

    [Test]
    public async Task A_theatre_day_reads_its_lists_cases_and_milestones()
    {
        var (store, reader) = await StoreWithAsync(
            E("list", EventKind.TheatreListPlanned, Now.AddDays(-28), null, "RQ6/theatres/TH01", "urology",
                ("listId", "L1"), ("start", "2026-01-13T08:30:00Z"), ("end", "2026-01-13T12:30:00Z")),
            E("other-list", EventKind.TheatreListPlanned, Now.AddDays(-28), null, "RQ6/theatres/TH01", "urology",
                ("listId", "L2"), ("start", "2026-01-14T08:30:00Z"), ("end", "2026-01-14T12:30:00Z")),
            E("case", EventKind.CaseScheduled, Now.AddDays(-7), "C", "RQ6/theatres/TH01", "urology", ("listId", "L1"), ("caseId", "C1")),
            E("ms", EventKind.TheatreMilestone, Now.AddDays(-1), "C", "RQ6/theatres/TH01", "in_theatre", ("caseId", "C1")));
        using (store)
        {
            var events = await reader.ReadTheatreDayAsync("RQ6", Now.AddHours(-36), Now.AddHours(-12));

            Assert.That(events.Select(e => e.EventId), Is.EqualTo(new[] { "list", "case", "ms" }));
        }
    }
}
