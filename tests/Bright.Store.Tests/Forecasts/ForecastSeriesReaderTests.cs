using Bright.Core.Events;
using Bright.Store.Events;
using Bright.Store.Forecasts;
using Bright.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bright.Store.Tests.Forecasts;

[TestFixture]
public sealed class ForecastSeriesReaderTests
{
    private static HospitalEvent Move(string id, EventKind kind, string at, string subject, string ward) => new()
    {
        EventId = id,
        OccurredAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
        ReceivedAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
        Source = "test-pas",
        Site = "RQ6",
        Kind = kind,
        Subject = subject,
        Location = $"RQ6/{ward}/B01",
        Attributes = new Dictionary<string, string> { ["ward"] = ward },
    };

    [Test]
    public async Task Midnight_occupancy_counts_the_stays_on_the_chosen_wards_at_each_UK_midnight()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "occupancy.duckdb") };
        using var store = BrightStore.Open(options);
        await using (var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance))
        {
            await writer.WriteAsync(
            [
                Move("a-in", EventKind.Admission, "2026-01-05T10:00:00Z", "A", "W1"),
                Move("a-out", EventKind.Discharge, "2026-01-07T09:00:00Z", "A", "W1"),
                Move("b-in", EventKind.Admission, "2026-01-06T15:00:00Z", "B", "W1"),
                Move("b-move", EventKind.Transfer, "2026-01-07T12:00:00Z", "B", "W2"),
                Move("b-out", EventKind.Discharge, "2026-01-08T11:00:00Z", "B", "W2"),
            ]);
        }

        var series = await new ForecastSeriesReader(store).MidnightOccupancyAsync("RQ6", ["W1"]);

        Assert.That(series.Select(p => p.Value), Is.EqualTo(new double[] { 1, 2, 0 }), "midnights of 6, 7 and 8 January");
    }

    [Test]
    public async Task Hourly_occupancy_counts_the_stays_on_the_chosen_wards_at_the_top_of_each_hour()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "hourly.duckdb") };
        using var store = BrightStore.Open(options);
        await using (var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance))
        {
            await writer.WriteAsync(
            [
                Move("c-in", EventKind.Admission, "2026-01-05T09:10:00Z", "C", "ICU"),
                Move("a-in", EventKind.Admission, "2026-01-05T10:30:00Z", "A", "W1"),
                Move("b-in", EventKind.Admission, "2026-01-05T11:00:00Z", "B", "W1"),
                Move("b-out", EventKind.Transfer, "2026-01-05T12:15:00Z", "B", "ICU"),
                Move("a-out", EventKind.Discharge, "2026-01-05T13:00:00Z", "A", "W1"),
                Move("b-back", EventKind.Transfer, "2026-01-05T14:00:00Z", "B", "W2"),
                Move("c-out", EventKind.Discharge, "2026-01-05T15:40:00Z", "C", "ICU"),
            ]);
        }

        var series = await new ForecastSeriesReader(store).HourlyOccupancyAsync("RQ6", ["W1", "W2"]);

        Assert.Multiple(() =>
        {
            Assert.That(series.Select(p => p.Period), Is.EqualTo(Enumerable.Range(10, 6).Select(h => new DateTime(2026, 1, 5, h, 0, 0))),
                "from the hour after the first move (09:10) to the hour of the last (15:40)");
            // 10:00 A not yet in; 11:00 A, and B admitted on the hour; 12:00 both; 13:00 A discharged on the hour, B on ICU;
            // 14:00 B back on W2 on the hour; 15:00 B. C never on the chosen wards.
            Assert.That(series.Select(p => p.Value), Is.EqualTo(new double[] { 0, 2, 2, 0, 1, 1 }));
        });
    }

    [Test]
    public async Task Hourly_occupancy_counts_the_repeated_autumn_hour_at_its_first_instant()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "autumn.duckdb") };
        using var store = BrightStore.Open(options);
        await using (var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance))
        {
            // Clocks go back at 02:00 BST on 25 October 2026: local 01:00 happens at 00:00Z and again at 01:00Z.
            await writer.WriteAsync(
            [
                Move("a-in", EventKind.Admission, "2026-10-24T23:10:00Z", "A", "W1"),
                Move("b-in", EventKind.Admission, "2026-10-25T00:00:00Z", "B", "W1"),
                Move("b-out", EventKind.Discharge, "2026-10-25T01:00:00Z", "B", "W1"),
                Move("a-out", EventKind.Discharge, "2026-10-25T02:30:00Z", "A", "W1"),
            ]);
        }

        var series = await new ForecastSeriesReader(store).HourlyOccupancyAsync("RQ6", ["W1"]);

        Assert.Multiple(() =>
        {
            Assert.That(series.Select(p => p.Period), Is.EqualTo(new[] { new DateTime(2026, 10, 25, 1, 0, 0), new DateTime(2026, 10, 25, 2, 0, 0) }));
            Assert.That(series.Select(p => p.Value), Is.EqualTo(new double[] { 2, 1 }), "B is in at 01:00 BST and gone by 02:00 GMT");
        });
    }

    [TestCase(30, 12, "An hourly census needs whole local hours, the last not before the first (were 2026-01-05 10:30:00 to 2026-01-05 12:00:00).")]
    [TestCase(0, 8, "An hourly census needs whole local hours, the last not before the first (were 2026-01-05 10:00:00 to 2026-01-05 08:00:00).")]
    public void Hourly_census_refuses_hours_that_are_not_whole_or_run_backwards(int firstMinute, int lastHour, string message)
    {
        var first = new DateTime(2026, 1, 5, 10, firstMinute, 0);
        var last = new DateTime(2026, 1, 5, lastHour, 0, 0);
        Assert.That(() => HourlyCensus.Count([], first, last),
            Throws.ArgumentException.With.Message.StartsWith(message));
    }
}
