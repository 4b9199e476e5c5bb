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
}
