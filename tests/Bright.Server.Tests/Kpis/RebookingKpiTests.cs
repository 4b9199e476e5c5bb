using System.Globalization;
using Bright.Core.Events;
using Bright.Store.Events;
using Bright.Store.Kpis;
using Bright.Testing;

namespace Bright.Server.Tests.Kpis;

/// <summary>The 28-day rebooking KPI (DOMAIN.md §6) computed by its catalogue SQL from stored events.</summary>
[TestFixture]
public sealed class RebookingKpiTests
{
    private const string Room = "RQ6/theatres/TH01";
    private TestServer _server = null!;
    private int _next;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private HospitalEvent Event(EventKind kind, string utc, string subject, string? code, params (string Key, string Value)[] attributes) => new()
    {
        EventId = $"rebooking-kpi-{_next++}",
        OccurredAt = DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture),
        ReceivedAt = DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture),
        Source = "test-theatres",
        Site = "RQ6",
        Kind = kind,
        Subject = subject,
        Location = Room,
        Code = code,
        Attributes = attributes.ToDictionary(a => a.Key, a => a.Value),
    };

    private HospitalEvent Booked(string caseId, string subject, string at, string plannedDay, string procedure = "Hip replacement") =>
        Event(EventKind.CaseScheduled, at, subject, "trauma and orthopaedics", ("caseId", caseId), ("procedure", procedure),
            ("plannedStart", plannedDay + "T09:00:00+01:00"));

    private HospitalEvent Cancelled(string caseId, string subject, string at, string code = "non_clinical_on_day") =>
        Event(EventKind.CaseCancelled, at, subject, code, ("caseId", caseId), ("reason", "no_bed"));

    [Test]
    public async Task Cancellations_not_rebooked_for_a_date_within_28_days_are_counted_once_their_days_have_passed()
    {
        await _server.Get<EventWriter>().WriteAsync(
        [
            // Week of Monday 1 July 2024: rebooked within 28 days; rebooked for day 45; never rebooked; clinical (not counted);
            // rebooked but the rebooking was cancelled too (a breach).
            Booked("K1", "s1", "2024-06-20T10:00:00Z", "2024-07-01"), Cancelled("K1", "s1", "2024-07-01T07:00:00Z"),
            Booked("K2", "s1", "2024-07-02T10:00:00Z", "2024-07-29"),
            Booked("K3", "s2", "2024-06-20T10:00:00Z", "2024-07-02"), Cancelled("K3", "s2", "2024-07-02T07:00:00Z"),
            Booked("K4", "s2", "2024-07-03T10:00:00Z", "2024-08-16"),
            Booked("K5", "s3", "2024-06-20T10:00:00Z", "2024-07-03"), Cancelled("K5", "s3", "2024-07-03T07:00:00Z"),
            Booked("K6", "s4", "2024-06-20T10:00:00Z", "2024-07-03"), Cancelled("K6", "s4", "2024-07-03T07:00:00Z", "clinical"),
            Booked("K7", "s5", "2024-06-20T10:00:00Z", "2024-07-04"), Cancelled("K7", "s5", "2024-07-04T07:00:00Z"),
            Booked("K8", "s5", "2024-07-05T10:00:00Z", "2024-07-20"), Cancelled("K8", "s5", "2024-07-19T10:00:00Z", "non_clinical_before_day"),
            // Week of 26 August: not yet 28 days old when the store ends on 2 September, so not counted.
            Booked("K9", "s6", "2024-08-20T10:00:00Z", "2024-08-27"), Cancelled("K9", "s6", "2024-08-27T07:00:00Z"),
            Booked("K10", "s7", "2024-08-25T10:00:00Z", "2024-09-02"),
        ]);
        var store = _server.Get<KpiStore>();
        var kpi = await store.FindAsync("theatre-28-day-rebooking-breaches");

        var series = await store.ReadSeriesAsync(kpi!.Definition.Sql!);

        Assert.That(series, Is.EqualTo(new[] { new KpiSeriesRow(new DateOnly(2024, 7, 1), null, 3, 4) }));
    }
}
