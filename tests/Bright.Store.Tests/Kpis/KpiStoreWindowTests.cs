using Bright.Core.Events;
using Bright.Store.Events;
using Bright.Store.Kpis;
using Bright.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bright.Store.Tests.Kpis;

/// <summary>
/// A KPI's latest periods read from the recent part of the store: the same rows as the whole history gives, from a
/// window the SQL cannot see past, and the whole history again when the window holds too few periods.
/// </summary>
[TestFixture]
public sealed class KpiStoreWindowTests
{
    private const string DailyCount = """
        WITH arrivals AS (SELECT occurred_at FROM events WHERE kind = 'EdArrival')
        SELECT CAST(occurred_at AS DATE) AS period, count(*) AS value FROM arrivals GROUP BY 1 ORDER BY 1
        """;

    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private TempFolder _folder = null!;
    private BrightStore _store = null!;
    private KpiStore _kpis = null!;

    [SetUp]
    public async Task OpenAStoreWithAnArrivalADayForAYearAndOneFromLongAgo()
    {
        _folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(_folder.Path, "kpis.duckdb") };
        _store = BrightStore.Open(options);
        _kpis = new KpiStore(_store, TimeProvider.System);
        var events = Enumerable.Range(0, 365).Select(d => Arrival($"day-{d}", Start.AddDays(d))).Append(Arrival("long-ago", Start.AddYears(-5)));
        await using var writer = new EventWriter(_store, options, [], NullLogger<EventWriter>.Instance);
        await writer.WriteAsync([.. events]);
    }

    [TearDown]
    public void CloseTheStore()
    {
        _kpis.Dispose();
        _store.Dispose();
        _folder.Dispose();
    }

    private static HospitalEvent Arrival(string id, DateTimeOffset at) => new()
    {
        EventId = id,
        OccurredAt = at,
        ReceivedAt = at,
        Source = "test-ed",
        Site = "RQ6",
        Kind = EventKind.EdArrival,
        Subject = id,
    };

    [Test]
    public async Task The_latest_periods_from_the_window_are_those_of_the_whole_history()
    {
        var all = await _kpis.ReadSeriesAsync(DailyCount);

        var window = await _kpis.ReadLatestSeriesAsync(DailyCount, 30, TimeSpan.FromDays(1), TimeSpan.FromDays(10));

        Assert.That(window.Rows, Is.EqualTo(all.TakeLast(30)));
        Assert.That(window.Since, Is.EqualTo(new DateTimeOffset(2025, 9, 19, 0, 0, 0, TimeSpan.Zero)),
            "the last event (31 Dec 2025, noon) less 30 days and the 62-day margin: 30 Sep; less the 10-day look-back and a day");
    }

    [Test]
    public async Task The_SQL_sees_no_event_older_than_the_window_in_its_own_CTEs_nor_in_a_subquery()
    {
        const string reachesBack = """
            WITH arrivals AS (SELECT occurred_at FROM events WHERE kind = 'EdArrival')
            SELECT CAST(occurred_at AS DATE) AS period, (SELECT count(*) FROM events) AS value FROM arrivals GROUP BY 1
            """;

        var window = await _kpis.ReadLatestSeriesAsync(reachesBack, 5, TimeSpan.FromDays(1), TimeSpan.FromDays(10));

        Assert.That(window.Rows.Select(r => r.Value), Is.All.EqualTo(79), "31 Dec less 5 days and 62 is 25 Oct; less 11 days, 14 Oct to 31 Dec: 79 arrivals, not 366");
    }

    [Test]
    public async Task Each_bed_keeps_its_latest_status_from_before_the_window_however_old()
    {
        await using (var writer = new EventWriter(_store, new StoreOptions { Path = _store.FilePath }, [], NullLogger<EventWriter>.Instance))
        {
            await writer.WriteAsync(
            [
                Bed("b1-old", "RQ6/W1/B01", "occupied", Start.AddYears(-2)),
                Bed("b1-latest", "RQ6/W1/B01", "blocked", Start.AddYears(-1)),
                Bed("b2-latest", "RQ6/W1/B02", "available", Start.AddYears(-3)),
            ]);
        }

        const string beds = """
            WITH arrivals AS (SELECT occurred_at FROM events WHERE kind = 'EdArrival')
            SELECT CAST(occurred_at AS DATE) AS period,
                   (SELECT count(*) FILTER (WHERE code = 'blocked') FROM events WHERE kind = 'BedStatusChanged') AS numerator,
                   (SELECT count(*) FROM events WHERE kind = 'BedStatusChanged') AS denominator
            FROM arrivals GROUP BY 1
            """;

        var all = await _kpis.ReadSeriesAsync(beds);
        var window = await _kpis.ReadLatestSeriesAsync(beds, 5, TimeSpan.FromDays(1), TimeSpan.FromDays(10));

        Assert.That(all[^1], Is.EqualTo(new KpiSeriesRow(new DateOnly(2025, 12, 31), null, 1, 3)));
        Assert.That(window.Rows[^1], Is.EqualTo(new KpiSeriesRow(new DateOnly(2025, 12, 31), null, 1, 2)), "B01 blocked, B02 available");
    }

    private static HospitalEvent Bed(string id, string location, string status, DateTimeOffset at) => new()
    {
        EventId = id,
        OccurredAt = at,
        ReceivedAt = at,
        Source = "test-beds",
        Site = "RQ6",
        Kind = EventKind.BedStatusChanged,
        Location = location,
        Code = status,
    };

    [Test]
    public async Task Dead_letters_and_data_quality_flags_are_windowed_by_when_they_came()
    {
        using (var connection = _store.OpenConnection())
        {
            foreach (var at in new[] { Start.AddYears(-3), Start.AddDays(360) })
            {
                await connection.ExecuteAsync("""
                    INSERT INTO dead_letters (received_at, channel, source, errors, payload) VALUES ($at, 'http', 'test', 'bad', '{}');
                    INSERT INTO data_quality_flags (flagged_at, source, field, message) VALUES ($at, 'test', 'location', 'unknown bed');
                    """, new { at = at.UtcDateTime });
            }
        }

        const string counts = """
            SELECT CAST(occurred_at AS DATE) AS period, (SELECT count(*) FROM dead_letters) AS numerator,
                   (SELECT count(*) FROM data_quality_flags) AS denominator
            FROM events GROUP BY 1
            """;

        var all = await _kpis.ReadSeriesAsync(counts);
        var window = await _kpis.ReadLatestSeriesAsync(counts, 5, TimeSpan.FromDays(1), TimeSpan.FromDays(10));

        Assert.That(all[^1], Is.EqualTo(new KpiSeriesRow(new DateOnly(2025, 12, 31), null, 2, 2)));
        Assert.That(window.Rows[^1], Is.EqualTo(new KpiSeriesRow(new DateOnly(2025, 12, 31), null, 1, 1)));
    }

    [Test]
    public async Task A_series_with_too_few_periods_in_the_window_is_read_from_the_whole_history()
    {
        const string monthly = """
            SELECT CAST(date_trunc('month', occurred_at) AS DATE) AS period, count(*) AS value FROM events GROUP BY 1
            """;

        var all = await _kpis.ReadSeriesAsync(monthly);
        var window = await _kpis.ReadLatestSeriesAsync(monthly, 14, TimeSpan.FromDays(1), TimeSpan.FromDays(10));

        Assert.Multiple(() =>
        {
            Assert.That(window.Since, Is.Null, "14 months cannot fit in 14 days, its margin and look-back");
            Assert.That(window.Rows, Is.EqualTo(all.TakeLast(14)));
            Assert.That(window.Rows[0], Is.EqualTo(new KpiSeriesRow(new DateOnly(2020, 1, 1), 1, null, null)), "the arrival of long ago");
        });
    }

    [Test]
    public async Task An_empty_store_gives_no_rows()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "empty.duckdb") });
        using var kpis = new KpiStore(store, TimeProvider.System);

        var window = await kpis.ReadLatestSeriesAsync(DailyCount, 30, TimeSpan.FromDays(1), TimeSpan.FromDays(365));

        Assert.That(window, Is.EqualTo(new KpiSeriesWindow(window.Rows, null)).And.Property(nameof(KpiSeriesWindow.Rows)).Empty);
    }

    [TestCase(0, 1, 0, "periods", TestName = "No_periods_is_refused_naming_the_argument")]
    [TestCase(1, 0, 0, "periodLength", TestName = "A_period_of_no_length_is_refused_naming_the_argument")]
    [TestCase(1, 1, -1, "lookBack", TestName = "A_negative_look_back_is_refused_naming_the_argument")]
    public void Bad_window_arguments_are_refused(int periods, int periodDays, int lookBackDays, string argument)
    {
        var ex = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _kpis.ReadLatestSeriesAsync(DailyCount, periods, TimeSpan.FromDays(periodDays), TimeSpan.FromDays(lookBackDays)));

        Assert.That(ex!.ParamName, Is.EqualTo(argument));
    }

    [Test]
    public void SQL_that_does_not_check_out_is_refused_with_the_reason()
    {
        var ex = Assert.ThrowsAsync<InvalidOperationException>(() =>
            _kpis.ReadLatestSeriesAsync("DELETE FROM events", 5, TimeSpan.FromDays(1), TimeSpan.FromDays(10)));

        Assert.That(ex!.Message, Is.EqualTo("The KPI's SQL must be a read-only SELECT (or WITH … SELECT) statement."));
    }
}
