using System.Globalization;
using Bright.Core.Events;
using Bright.Store.Events;
using Bright.Store.Forecasts;
using Bright.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bright.Store.Tests.Forecasts;

[TestFixture]
public sealed class CapacityReaderTests
{
    private static HospitalEvent Event(string id, EventKind kind, string at, string? subject, string location, double? value = null,
        Dictionary<string, string>? attributes = null) => new()
        {
            EventId = id,
            OccurredAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture),
            ReceivedAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture),
            Source = "test-pas",
            Site = "RQ6",
            Kind = kind,
            Subject = subject,
            Location = location,
            Value = value,
            Attributes = attributes ?? [],
        };

    private static HospitalEvent Move(string id, EventKind kind, string at, string subject, string ward) =>
        Event(id, kind, at, subject, $"RQ6/{ward}/B01", attributes: new() { ["ward"] = ward });

    [Test]
    public async Task Stays_join_moves_between_the_chosen_wards_and_end_on_leaving_them()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "stays.duckdb") };
        using var store = BrightStore.Open(options);
        await using (var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance))
        {
            await writer.WriteAsync(
            [
                Move("a-in", EventKind.Admission, "2026-01-05T10:00:00Z", "A", "W1"),
                Move("a-move", EventKind.Transfer, "2026-01-06T10:00:00Z", "A", "W2"),   // W1 to W2: one stay
                Move("a-icu", EventKind.Transfer, "2026-01-07T10:00:00Z", "A", "ICU"),   // leaves the chosen wards
                Move("a-out", EventKind.Discharge, "2026-01-08T10:00:00Z", "A", "ICU"),
                Move("b-in", EventKind.Admission, "2026-06-01T08:00:00Z", "B", "W1"),    // still in; summer time (UTC+1)
            ]);
        }

        var stays = await new CapacityReader(store).StaysAsync("RQ6", ["W1", "W2"]);
        Assert.That(stays, Is.EqualTo(new[]
        {
            new WardStay(new DateTime(2026, 1, 5, 10, 0, 0), new DateTime(2026, 1, 7, 10, 0, 0)),
            new WardStay(new DateTime(2026, 6, 1, 9, 0, 0), null),
        }));
    }

    [Test]
    public async Task Session_minutes_take_each_lists_latest_plan_by_the_local_day_it_starts()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "sessions.duckdb") };
        using var store = BrightStore.Open(options);
        await using (var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance))
        {
            await writer.WriteAsync(
            [
                Event("l1", EventKind.TheatreListPlanned, "2026-03-01T09:00:00Z", null, "RQ6/theatres/T1", 240,
                    new() { ["listId"] = "L1", ["start"] = "2026-03-02T08:00:00Z" }),
                Event("l1-again", EventKind.TheatreListPlanned, "2026-03-01T10:00:00Z", null, "RQ6/theatres/T1", 480,
                    new() { ["listId"] = "L1", ["start"] = "2026-03-02T08:00:00Z" }),
                Event("l2", EventKind.TheatreListPlanned, "2026-03-01T09:00:00Z", null, "RQ6/theatres/T2", 240,
                    new() { ["listId"] = "L2", ["start"] = "2026-03-03T23:30:00Z" }), // 23:30 UTC is still 3 March in London (GMT)
                Event("l3", EventKind.TheatreListPlanned, "2026-03-01T09:00:00Z", null, "RQ6/theatres/T2", 240,
                    new() { ["listId"] = "L3", ["start"] = "not a time" }),
            ]);
        }

        var minutes = await new CapacityReader(store).SessionMinutesAsync("RQ6", new DateOnly(2026, 3, 1), 4);
        Assert.That(minutes, Is.EqualTo(new double[] { 0, 480, 240, 0 }));
    }

    [Test]
    public async Task A_stay_is_elective_when_the_move_onto_the_wards_says_so()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "electives.duckdb") };
        using var store = BrightStore.Open(options);
        await using (var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance))
        {
            await writer.WriteAsync(
            [
                Event("e-in", EventKind.Admission, "2026-01-05T07:00:00Z", "E", "RQ6/W1/B01",
                    attributes: new() { ["ward"] = "W1", ["admitMethod"] = "elective_waiting_list", ["patientClass"] = "elective" }),
                Event("d-in", EventKind.Admission, "2026-01-05T08:00:00Z", "D", "RQ6/W1/B02", attributes: new() { ["ward"] = "W1", ["patientClass"] = "daycase" }),
                Event("m-in", EventKind.Admission, "2026-01-05T09:00:00Z", "M", "RQ6/W1/B03", attributes: new() { ["ward"] = "W1", ["admitMethod"] = "elective_planned" }),
                Event("x-in", EventKind.Admission, "2026-01-05T10:00:00Z", "X", "RQ6/W1/B04",
                    attributes: new() { ["ward"] = "W1", ["admitMethod"] = "emergency_ed", ["patientClass"] = "emergency" }),
                Move("n-in", EventKind.Admission, "2026-01-05T11:00:00Z", "N", "W1"),
            ]);
        }

        var stays = await new CapacityReader(store).StaysAsync("RQ6", ["W1"]);
        Assert.That(stays.Select(s => s.Elective), Is.EqualTo(new[] { true, true, true, false, false }));
    }

    [Test]
    public async Task Bookings_are_pre_admissions_to_the_wards_ending_at_the_admission_or_the_cases_cancellation()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "bookings.duckdb") };
        using var store = BrightStore.Open(options);
        Dictionary<string, string> Booking(string ward, string expected, string caseId, string patientClass = "elective") =>
            new() { ["ward"] = ward, ["expectedAt"] = expected, ["caseId"] = caseId, ["patientClass"] = patientClass };
        await using (var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance))
        {
            await writer.WriteAsync(
            [
                Event("p1", EventKind.PreAdmission, "2026-03-01T10:00:00Z", "A", "RQ6/W1", attributes: Booking("W1", "2026-03-04T07:00:00Z", "C1")),
                Event("a1", EventKind.Admission, "2026-03-04T06:50:00Z", "A", "RQ6/W1/B01", attributes: new() { ["ward"] = "W1" }),
                Event("p2", EventKind.PreAdmission, "2026-03-01T10:00:00Z", "B", "RQ6/W2", attributes: Booking("W2", "2026-03-05T07:00:00Z", "C2")),
                Event("c2", EventKind.CaseCancelled, "2026-03-04T12:00:00Z", "B", "RQ6/theatres/T1", attributes: new() { ["caseId"] = "C2" }),
                Event("p3", EventKind.PreAdmission, "2026-06-01T10:00:00Z", "C", "RQ6/W1", attributes: Booking("W1", "2026-06-03T07:00:00Z", "C3")),
                // Not bookings to the wards: a day case, another ward, an expected time that is not one.
                Event("p4", EventKind.PreAdmission, "2026-03-01T10:00:00Z", "D", "RQ6/W1", attributes: Booking("W1", "2026-03-04T07:00:00Z", "C4", "daycase")),
                Event("p5", EventKind.PreAdmission, "2026-03-01T10:00:00Z", "E", "RQ6/ICU", attributes: Booking("ICU", "2026-03-04T07:00:00Z", "C5")),
                Event("p6", EventKind.PreAdmission, "2026-03-01T10:00:00Z", "F", "RQ6/W1", attributes: Booking("W1", "tomorrow", "C6")),
            ]);
        }

        var bookings = await new CapacityReader(store).BookingsAsync("RQ6", ["W1", "W2"]);
        Assert.That(bookings, Is.EqualTo(new[]
        {
            new BookedAdmission(new DateTime(2026, 3, 1, 10, 0, 0), new DateTime(2026, 3, 4, 7, 0, 0), new DateTime(2026, 3, 4, 6, 50, 0)),
            new BookedAdmission(new DateTime(2026, 3, 1, 10, 0, 0), new DateTime(2026, 3, 5, 7, 0, 0), new DateTime(2026, 3, 4, 12, 0, 0)),
            new BookedAdmission(new DateTime(2026, 6, 1, 11, 0, 0), new DateTime(2026, 6, 3, 8, 0, 0), null), // summer time: local clock
        }));
    }
}
