using Dapper;

namespace Bright.Store.Events;

/// <summary>
/// Reads only what live state needs to rebuild itself (DESIGN.md: no second source of truth): every live
/// event since a window's start, each bed's latest status before it, the history of encounters still open
/// at it, and the theatre lists, cases and milestones of the days shown.
/// </summary>
public sealed class LiveStateReader(BrightStore store)
{
    private const string AdtKinds = "'Admission','Transfer','Discharge','AdmissionCancelled','TransferCancelled','DischargeCancelled'";

    private const string LiveKinds = AdtKinds + """
        ,'BedStatusChanged','BedSwap','DischargePlanned','CriteriaToResideChanged','PreAdmission','EdArrival','EdTriage',
        'EdSeenByClinician','EdDecisionToAdmit','EdDeparture','AmbulanceArrival','AmbulanceHandover','TheatreListPlanned','CaseScheduled',
        'TheatreMilestone','CaseCancelled'
        """;

    private const string EdKinds =
        "'EdArrival','EdTriage','EdSeenByClinician','EdDecisionToAdmit','EdDeparture','AmbulanceArrival','AmbulanceHandover'";

    /// <summary>
    /// Days of bookings and cancellations read for the 28-day rebooking rule: 28 days, as long again so breaches stay
    /// visible, and a day for the live window.
    /// </summary>
    private const int RebookingDays = 57;

    /// <summary>
    /// How far before the live window the admissions, transfers and discharges of stays still open are looked for: a
    /// year, longer than any inpatient stay the screens count (super-stranded is 21 days or more). An encounter with no
    /// event for longer is taken as closed, so a feed that never sends discharges cannot make every start-up read the
    /// whole history; each branch of the rebuild reads a time range the events' zone maps can prune.
    /// </summary>
    public static readonly TimeSpan OpenStayLookBack = TimeSpan.FromDays(365);

    private const string Columns =
        "e.event_id, e.occurred_at, e.received_at, e.source, e.site, e.kind, e.subject, e.location, e.code, e.value, e.attributes::VARCHAR AS attributes";

    /// <summary>
    /// The events that rebuild live state at start-up, in occurrence order: live kinds occurring at or after
    /// <paramref name="since"/>; the latest status of every bed before it; in the <see cref="OpenStayLookBack"/> before
    /// it, the admission, transfer, discharge, plan and criteria events of patients whose encounter was still open; the ED and
    /// ambulance journeys (up to two days back) still open at it, so a journey that straddles the window's
    /// start is whole; theatre lists starting from <paramref name="listsFrom"/> with their cases; and the case
    /// bookings and cancellations of the last 57 days, with the bookings of the cases cancelled then, for the
    /// 28-day rebooking rule.
    /// </summary>
    public async Task<IReadOnlyList<HospitalEvent>> ReadForRebuildAsync(DateTimeOffset since, DateTimeOffset listsFrom,
        CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<EventReader.EventRow>(new CommandDefinition($"""
            WITH bed_latest AS (
                SELECT arg_max(event_id, occurred_at) AS event_id FROM events
                WHERE kind = 'BedStatusChanged' AND occurred_at < $since GROUP BY site, location),
            adt AS (
                SELECT site, subject, arg_max(kind, occurred_at) AS last_kind FROM events
                WHERE kind IN ({AdtKinds}) AND occurred_at >= $stays_from AND occurred_at < $since AND subject IS NOT NULL
                GROUP BY site, subject),
            open_subjects AS (SELECT site, subject FROM adt WHERE last_kind <> 'Discharge'),
            lists AS (
                SELECT json_extract_string(attributes, '$.listId') AS list_id FROM events
                WHERE kind = 'TheatreListPlanned' AND occurred_at < $since AND TRY_CAST(json_extract_string(attributes, '$.start') AS TIMESTAMPTZ) >= $lists_from),
            ed_open AS (
                SELECT site, subject FROM events
                WHERE kind IN ({EdKinds}) AND occurred_at < $since AND occurred_at >= $since - INTERVAL 2 DAY AND subject IS NOT NULL
                GROUP BY site, subject
                HAVING (bool_or(kind = 'EdArrival') AND NOT bool_or(kind = 'EdDeparture'))
                    OR (bool_or(kind = 'AmbulanceArrival') AND NOT bool_or(kind = 'AmbulanceHandover'))),
            cases AS (
                SELECT json_extract_string(attributes, '$.caseId') AS case_id FROM events
                WHERE kind = 'CaseScheduled' AND occurred_at < $since AND json_extract_string(attributes, '$.listId') IN (SELECT list_id FROM lists)),
            recent_cancellations AS (
                SELECT json_extract_string(attributes, '$.caseId') AS case_id FROM events
                WHERE kind = 'CaseCancelled' AND occurred_at < $since AND occurred_at >= $since - INTERVAL {RebookingDays} DAY)
            SELECT * FROM (
                SELECT {Columns} FROM events e WHERE e.occurred_at >= $since AND e.kind IN ({LiveKinds})
                UNION
                SELECT {Columns} FROM events e
                WHERE e.kind = 'BedStatusChanged' AND e.occurred_at < $since AND e.event_id IN (SELECT event_id FROM bed_latest)
                UNION
                SELECT {Columns} FROM events e
                WHERE e.occurred_at >= $stays_from AND e.occurred_at < $since AND e.kind IN ({AdtKinds},'DischargePlanned','CriteriaToResideChanged')
                  AND EXISTS (SELECT 1 FROM open_subjects o WHERE o.site = e.site AND o.subject = e.subject)
                UNION
                SELECT {Columns} FROM events e
                WHERE e.occurred_at < $since AND e.occurred_at >= $since - INTERVAL 2 DAY AND e.kind IN ({EdKinds})
                  AND EXISTS (SELECT 1 FROM ed_open o WHERE o.site = e.site AND o.subject = e.subject)
                UNION
                SELECT {Columns} FROM events e
                WHERE e.occurred_at < $since AND e.kind = 'TheatreListPlanned' AND json_extract_string(e.attributes, '$.listId') IN (SELECT list_id FROM lists)
                UNION
                SELECT {Columns} FROM events e
                WHERE e.occurred_at < $since AND e.kind IN ('CaseScheduled', 'CaseCancelled')
                  AND (json_extract_string(e.attributes, '$.caseId') IN (SELECT case_id FROM cases)
                       OR e.occurred_at >= $since - INTERVAL {RebookingDays} DAY
                       OR (e.kind = 'CaseScheduled' AND json_extract_string(e.attributes, '$.caseId') IN (SELECT case_id FROM recent_cancellations))))
            ORDER BY occurred_at, event_id
            """, new { since = since.UtcDateTime, lists_from = listsFrom.UtcDateTime, stays_from = (since - OpenStayLookBack).UtcDateTime },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEvent())];
    }

    /// <summary>
    /// One site's theatre events for the lists starting in [<paramref name="from"/>, <paramref name="to"/>): the
    /// lists, their cases and cancellations, and milestones recorded from the day's start to 12 hours after its end.
    /// </summary>
    public async Task<IReadOnlyList<HospitalEvent>> ReadTheatreDayAsync(string site, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<EventReader.EventRow>(new CommandDefinition($"""
            WITH lists AS (
                SELECT json_extract_string(attributes, '$.listId') AS list_id FROM events
                WHERE site = $site AND kind = 'TheatreListPlanned'
                  AND TRY_CAST(json_extract_string(attributes, '$.start') AS TIMESTAMPTZ) >= $from AND TRY_CAST(json_extract_string(attributes, '$.start') AS TIMESTAMPTZ) < $to),
            cases AS (
                SELECT json_extract_string(attributes, '$.caseId') AS case_id FROM events
                WHERE site = $site AND kind = 'CaseScheduled' AND json_extract_string(attributes, '$.listId') IN (SELECT list_id FROM lists))
            SELECT {Columns} FROM events e
            WHERE e.site = $site AND (
                   (e.kind = 'TheatreListPlanned' AND json_extract_string(e.attributes, '$.listId') IN (SELECT list_id FROM lists))
                OR (e.kind IN ('CaseScheduled', 'CaseCancelled') AND json_extract_string(e.attributes, '$.caseId') IN (SELECT case_id FROM cases))
                OR (e.kind = 'TheatreMilestone' AND e.occurred_at >= $from AND e.occurred_at < $to + INTERVAL 12 HOUR))
            ORDER BY e.occurred_at, e.event_id
            """, new { site, from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEvent())];
    }
}
