using Dapper;

namespace Bright.Store.Forecasts;

/// <summary>
/// The stored series BRIGHT forecasts, read from events as local (Europe/London) periods, oldest first, with
/// periods that had no events filled with zero, up to the last complete period before the latest such event.
/// </summary>
public sealed class ForecastSeriesReader(BrightStore store)
{
    /// <summary>ED arrivals (<c>EdArrival</c>) per local clock hour at <paramref name="site"/>.</summary>
    public Task<IReadOnlyList<SeriesPoint>> EdArrivalsHourlyAsync(string site, CancellationToken cancellationToken = default) =>
        CountsAsync("hour", "kind = 'EdArrival'", "occurred_at", "count(*)", site, cancellationToken);

    /// <summary>Emergency admissions (<c>Admission</c> whose <c>admitMethod</c> starts <c>emergency</c>) per local day.</summary>
    public Task<IReadOnlyList<SeriesPoint>> EmergencyAdmissionsDailyAsync(string site, CancellationToken cancellationToken = default) =>
        CountsAsync("day", "kind = 'Admission' AND (attributes->>'admitMethod') LIKE 'emergency%'", "occurred_at", "count(*)", site, cancellationToken);

    /// <summary>
    /// Theatre minutes booked (<c>CaseScheduled</c> planned minutes, by the local day of the case's <c>plannedStart</c>),
    /// or cases booked when <paramref name="minutes"/> is false; days up to the latest booking made.
    /// </summary>
    public Task<IReadOnlyList<SeriesPoint>> TheatreBookedDailyAsync(string site, bool minutes, CancellationToken cancellationToken = default) =>
        CountsAsync("day", "kind = 'CaseScheduled' AND (attributes->>'plannedStart') IS NOT NULL", "CAST((attributes->>'plannedStart') AS TIMESTAMPTZ)",
            minutes ? "coalesce(sum(value), 0)" : "count(*)", site, cancellationToken);

    /// <summary>
    /// Inpatients in a bed on one of <paramref name="wards"/> at each local midnight: stays rebuilt from
    /// Admission, Transfer and Discharge events per subject (each sets the subject's ward, from its <c>ward</c>
    /// attribute, until the subject's next such event; a Discharge ends the stay).
    /// </summary>
    public async Task<IReadOnlyList<SeriesPoint>> MidnightOccupancyAsync(string site, IReadOnlyCollection<string> wards,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wards);
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            WITH moves AS (
                SELECT subject, occurred_at AS moved_at, kind, (attributes->>'ward') AS ward
                FROM events
                WHERE site = $site AND kind IN ('Admission', 'Transfer', 'Discharge') AND subject IS NOT NULL
            ), stays AS (
                SELECT ward, kind, moved_at AS from_at, lead(moved_at) OVER (PARTITION BY subject ORDER BY moved_at, kind) AS to_at FROM moves
            ), bounds AS (
                SELECT CAST(timezone('Europe/London', min(moved_at)) AS DATE) + 1 AS first_day,
                       CAST(timezone('Europe/London', max(moved_at)) AS DATE) AS last_day
                FROM moves
            ), days AS (
                SELECT CAST(unnest(generate_series(first_day, last_day, INTERVAL 1 DAY)) AS TIMESTAMP) AS period FROM bounds
            )
            SELECT d.period, CAST(count(s.ward) AS DOUBLE) AS value
            FROM days d
            LEFT JOIN stays s
              ON s.kind <> 'Discharge' AND list_contains(string_split($wards, ','), s.ward)
             AND s.from_at <= timezone('Europe/London', d.period)
             AND (s.to_at IS NULL OR s.to_at > timezone('Europe/London', d.period))
            GROUP BY d.period
            ORDER BY d.period
            """, new { site, wards = string.Join(',', wards) }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new SeriesPoint(r.Period, r.Value))];
    }

    /// <summary>
    /// Inpatients in a bed on one of <paramref name="wards"/> at the top of each local clock hour, from the first hour after
    /// the site's first Admission, Transfer or Discharge to the last hour at or before its latest: the stays are rebuilt
    /// as for <see cref="MidnightOccupancyAsync"/>, read once as instants and counted by <see cref="HourlyCensus"/>.
    /// </summary>
    public async Task<IReadOnlyList<SeriesPoint>> HourlyOccupancyAsync(string site, IReadOnlyCollection<string> wards,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wards);
        using var connection = store.OpenConnection();
        var bounds = await connection.QuerySingleAsync<(DateTime? First, DateTime? Last)>(new CommandDefinition("""
            SELECT date_trunc('hour', timezone('Europe/London', min(occurred_at))) + INTERVAL 1 HOUR AS first_hour,
                   date_trunc('hour', timezone('Europe/London', max(occurred_at))) AS last_hour
            FROM events
            WHERE site = $site AND kind IN ('Admission', 'Transfer', 'Discharge') AND subject IS NOT NULL
            """, new { site }, cancellationToken: cancellationToken));
        if (bounds is not { First: { } first, Last: { } last } || last < first)
        {
            return [];
        }

        var stays = await connection.QueryAsync<(DateTime From, DateTime? To)>(new CommandDefinition("""
            WITH moves AS (
                SELECT subject, occurred_at AS moved_at, kind, (attributes->>'ward') AS ward
                FROM events
                WHERE site = $site AND kind IN ('Admission', 'Transfer', 'Discharge') AND subject IS NOT NULL
            ), stays AS (
                SELECT ward, kind, moved_at AS from_at, lead(moved_at) OVER (PARTITION BY subject ORDER BY moved_at, kind) AS to_at FROM moves
            )
            SELECT timezone('UTC', from_at) AS from_at, timezone('UTC', to_at) AS to_at
            FROM stays
            WHERE kind <> 'Discharge' AND list_contains(string_split($wards, ','), ward)
            """, new { site, wards = string.Join(',', wards) }, cancellationToken: cancellationToken));
        return HourlyCensus.Count(stays.Select(s => (Utc(s.From), s.To is { } to ? Utc(to) : (DateTimeOffset?)null)), first, last);
    }

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>Which sites have events of each kind a forecast series is built from: (site, kind) pairs.</summary>
    public async Task<IReadOnlyList<(string Site, string Kind)>> SourcesAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition("""
            SELECT DISTINCT site, kind FROM events WHERE kind IN ('EdArrival', 'Admission', 'CaseScheduled') ORDER BY site, kind
            """, cancellationToken: cancellationToken));
        return [.. rows];
    }

    private async Task<IReadOnlyList<SeriesPoint>> CountsAsync(string unit, string filter, string instant, string measure, string site,
        CancellationToken cancellationToken)
    {
        // unit, filter, instant and measure are constants of this class, never caller input; only $site is a value.
        using var connection = store.OpenConnection();
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            WITH picked AS (
                SELECT date_trunc('{unit}', timezone('Europe/London', {instant})) AS period, value
                FROM events WHERE site = $site AND {filter}
            ), latest AS (
                SELECT max(period) AS last_period FROM picked
            )
            SELECT period, CAST({measure} AS DOUBLE) AS value
            FROM picked, latest
            WHERE period < last_period
            GROUP BY period
            ORDER BY period
            """, new { site }, cancellationToken: cancellationToken))).ToList();
        return Fill(rows, unit == "hour" ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1));
    }

    private static List<SeriesPoint> Fill(List<Row> rows, TimeSpan step)
    {
        var filled = new List<SeriesPoint>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0)
            {
                for (var t = rows[i - 1].Period + step; t < rows[i].Period; t += step)
                {
                    filled.Add(new SeriesPoint(t, 0));
                }
            }

            filled.Add(new SeriesPoint(rows[i].Period, rows[i].Value));
        }

        return filled;
    }

    private sealed record Row(DateTime Period, double Value);
}

/// <summary>One period of a stored series.</summary>
/// <param name="Period">The period's start, a Europe/London clock time.</param>
/// <param name="Value">The count or total in it.</param>
public sealed record SeriesPoint(DateTime Period, double Value);
