using System.Globalization;
using System.Text.Json;
using Bright.Store.Replication;
using Dapper;

namespace Bright.Store.LiveHistory;

/// <summary>
/// Live figures kept as history: theatre sessions (<c>theatre_session</c>), OPEL levels with their parameters
/// (<c>opel_history</c>) and alert acknowledgements (<c>alert_ack</c>). The volumes are a few rows a minute at most,
/// so rows are inserted with plain statements rather than the appender. Thread-safe.
/// </summary>
public sealed class LiveHistoryStore(BrightStore store, IRecordLog? log = null)
{
    /// <summary>The site value of the trust's roll-up in OPEL history.</summary>
    public const string Trust = "trust";

    /// <summary>Writes each session, replacing the stored row of the same site and list.</summary>
    public async Task WriteSessionsAsync(IReadOnlyList<TheatreSessionRecord> sessions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        await InsertEachAsync("""
            INSERT OR REPLACE INTO theatre_session (site, list_id, room, session_date, session, specialty, planned_start, planned_end,
                planned_minutes, capped_touch_minutes, uncapped_touch_minutes, late_start_minutes, late_start, early_finish_minutes,
                early_finish, overrun_minutes, turnarounds, turnaround_minutes, cases_planned, cases_done, cancelled_on_the_day,
                cancellations, written_at)
            VALUES ($site, $listId, $room, CAST($date AS DATE), $session, $specialty, $plannedStart, $plannedEnd, $plannedMinutes,
                $capped, $uncapped, $lateStartMinutes, $lateStart, $earlyFinishMinutes, $earlyFinish, $overrunMinutes, $turnarounds,
                $turnaroundMinutes, $casesPlanned, $casesDone, $cancelledOnTheDay, $cancellations, $writtenAt)
            """, sessions, s => new
        {
            site = s.Site,
            listId = s.ListId,
            room = s.Room,
            date = s.SessionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            session = s.Session,
            specialty = s.Specialty,
            plannedStart = s.PlannedStart.UtcDateTime,
            plannedEnd = s.PlannedEnd.UtcDateTime,
            plannedMinutes = s.PlannedMinutes,
            capped = s.CappedTouchMinutes,
            uncapped = s.UncappedTouchMinutes,
            lateStartMinutes = s.LateStartMinutes,
            lateStart = s.LateStart,
            earlyFinishMinutes = s.EarlyFinishMinutes,
            earlyFinish = s.EarlyFinish,
            overrunMinutes = s.OverrunMinutes,
            turnarounds = s.Turnarounds,
            turnaroundMinutes = s.TurnaroundMinutes,
            casesPlanned = s.CasesPlanned,
            casesDone = s.CasesDone,
            cancelledOnTheDay = s.CancelledOnTheDay,
            cancellations = JsonSerializer.Serialize(s.Cancellations, JsonSerializerOptions.Web),
            writtenAt = s.WrittenAt.UtcDateTime,
        }, cancellationToken);
    }

    /// <summary>Sessions whose local date is in [<paramref name="from"/>, <paramref name="to"/>], of one site or all (null), by date, site and start.</summary>
    public async Task<IReadOnlyList<TheatreSessionRecord>> ReadSessionsAsync(string? site, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync<SessionRow>("""
            SELECT site, list_id, room, strftime(session_date, '%Y-%m-%d') AS session_date, session, specialty, planned_start, planned_end,
                planned_minutes, capped_touch_minutes, uncapped_touch_minutes, late_start_minutes, late_start, early_finish_minutes,
                early_finish, overrun_minutes, turnarounds, turnaround_minutes, cases_planned, cases_done, cancelled_on_the_day,
                cancellations::VARCHAR AS cancellations, written_at
            FROM theatre_session
            WHERE ($site IS NULL OR site = $site) AND session_date BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
            ORDER BY session_date, site, planned_start, room
            """, new { site, from = Day(from), to = Day(to) }, cancellationToken);
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>Appends OPEL history rows.</summary>
    public async Task WriteOpelAsync(IReadOnlyList<OpelHistoryRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        await InsertEachAsync("""
            INSERT INTO opel_history (recorded_at, site, level, score, config_version, config_label, reason, parameters)
            VALUES ($recordedAt, $site, $level, $score, $version, $label, $reason, $parameters)
            """, records, r => new
        {
            recordedAt = r.RecordedAt.UtcDateTime,
            site = r.Site,
            level = r.Level,
            score = r.Score,
            version = r.ConfigVersion,
            label = r.ConfigLabel,
            reason = r.Reason,
            parameters = JsonSerializer.Serialize(r.Parameters, JsonSerializerOptions.Web),
        }, cancellationToken);
    }

    /// <summary>OPEL history of one site or <see cref="Trust"/> (or all, null) recorded in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public async Task<IReadOnlyList<OpelHistoryRecord>> ReadOpelAsync(string? site, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        var rows = await QueryBetweenAsync<OpelRow>("""
            SELECT recorded_at, site, level, score, config_version, config_label, reason, parameters::VARCHAR AS parameters
            FROM opel_history
            WHERE ($site IS NULL OR site = $site) AND recorded_at >= $from AND recorded_at < $to
            ORDER BY recorded_at, site
            """, site, from, to, cancellationToken);
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>
    /// Stores one acknowledgement; in distributed mode appends it to the cluster's log instead, and every node
    /// stores it (and acknowledges the alert in its live state) when it reads the log.
    /// </summary>
    public async Task WriteAcknowledgementAsync(AlertAcknowledgement ack, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ack);
        if (log is not null)
        {
            await log.AppendAcknowledgementAsync(ack, cancellationToken);
            return;
        }

        await InsertAcknowledgementAsync(ack, null, cancellationToken);
    }

    /// <summary>
    /// Stores an acknowledgement read from the cluster's log at entry <paramref name="logKey"/>; answers false
    /// (storing nothing) when that entry's acknowledgement is stored already.
    /// </summary>
    public Task<bool> ApplyAcknowledgementAsync(string logKey, AlertAcknowledgement ack, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logKey);
        ArgumentNullException.ThrowIfNull(ack);
        return InsertAcknowledgementAsync(ack, RecordKey.Of(logKey, 0), cancellationToken);
    }

    private async Task<bool> InsertAcknowledgementAsync(AlertAcknowledgement ack, string? key, CancellationToken cancellationToken)
    {
        using var connection = store.OpenConnection();
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO alert_ack (alert_id, rule, severity, site, location, message, raised_at, acknowledged_at, acknowledged_by, log_key)
            SELECT $id, $rule, $severity, $site, $location, $message, $raisedAt, $acknowledgedAt, $acknowledgedBy, $logKey
            WHERE $logKey IS NULL OR NOT EXISTS (SELECT 1 FROM alert_ack WHERE log_key = $logKey)
            """, new
        {
            id = ack.AlertId,
            rule = ack.Rule,
            severity = ack.Severity,
            site = ack.Site,
            location = ack.Location,
            message = ack.Message,
            raisedAt = ack.RaisedAt.UtcDateTime,
            acknowledgedAt = ack.AcknowledgedAt.UtcDateTime,
            acknowledgedBy = ack.AcknowledgedBy,
            logKey = key,
        }, cancellationToken: cancellationToken));
        return inserted > 0;
    }

    /// <summary>Acknowledgements made in [<paramref name="from"/>, <paramref name="to"/>), of one site or all (null), oldest first.</summary>
    public async Task<IReadOnlyList<AlertAcknowledgement>> ReadAcknowledgementsAsync(string? site, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        var rows = await QueryBetweenAsync<AckRow>("""
            SELECT alert_id, rule, severity, site, location, message, raised_at, acknowledged_at, acknowledged_by
            FROM alert_ack
            WHERE ($site IS NULL OR site = $site) AND acknowledged_at >= $from AND acknowledged_at < $to
            ORDER BY acknowledged_at, alert_id
            """, site, from, to, cancellationToken);
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>Appends alerts raised and resolved.</summary>
    public async Task WriteAlertEventsAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await InsertEachAsync("""
            INSERT INTO alert_event (event_at, alert_id, event, rule, severity, site, location, message)
            VALUES ($at, $id, $kind, $rule, $severity, $site, $location, $message)
            """, events, e => new
        {
            at = e.At.UtcDateTime,
            id = e.AlertId,
            kind = e.Event,
            rule = e.Rule,
            severity = e.Severity,
            site = e.Site,
            location = e.Location,
            message = e.Message,
        }, cancellationToken);
    }

    /// <summary>Alerts raised and resolved in [<paramref name="from"/>, <paramref name="to"/>), of one site or all (null), oldest first.</summary>
    public async Task<IReadOnlyList<AlertEvent>> ReadAlertEventsAsync(string? site, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        var rows = await QueryBetweenAsync<AlertEventRow>("""
            SELECT event_at, alert_id, event, rule, severity, site, location, message
            FROM alert_event
            WHERE ($site IS NULL OR site = $site) AND event_at >= $from AND event_at < $to
            ORDER BY event_at, alert_id, event DESC
            """, site, from, to, cancellationToken);
        return [.. rows.Select(r => new AlertEvent(Utc(r.Event_At), r.Alert_Id, r.Event, r.Rule, r.Severity, r.Site, r.Location, r.Message))];
    }

    /// <summary>
    /// Inserts every row in one transaction, one statement a row (Dapper runs <paramref name="sql"/> once per element):
    /// a few rows a minute need no appender.
    /// </summary>
    private async Task InsertEachAsync<T>(string sql, IReadOnlyList<T> rows, Func<T, object> parameters, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(new CommandDefinition(sql, rows.Select(parameters).ToList(), transaction, cancellationToken: cancellationToken));
        transaction.Commit();
    }

    /// <summary>Rows of <paramref name="sql"/>, whose <c>$site</c> (null: all), <c>$from</c> and <c>$to</c> are given as UTC.</summary>
    private Task<IEnumerable<TRow>> QueryBetweenAsync<TRow>(string sql, string? site, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken) => QueryAsync<TRow>(sql, new { site, from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken);

    private async Task<IEnumerable<TRow>> QueryAsync<TRow>(string sql, object parameters, CancellationToken cancellationToken)
    {
        using var connection = store.OpenConnection();
        return await connection.QueryAsync<TRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record SessionRow(string Site, string List_Id, string Room, string Session_Date, string? Session, string? Specialty,
        DateTime Planned_Start, DateTime Planned_End, double Planned_Minutes, double Capped_Touch_Minutes, double Uncapped_Touch_Minutes,
        double? Late_Start_Minutes, bool Late_Start, double? Early_Finish_Minutes, bool Early_Finish, double? Overrun_Minutes, int Turnarounds,
        double Turnaround_Minutes, int Cases_Planned, int Cases_Done, int Cancelled_On_The_Day, string Cancellations, DateTime Written_At)
    {
        public TheatreSessionRecord ToRecord() => new(Site, List_Id, Room, DateOnly.ParseExact(Session_Date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Session, Specialty, Utc(Planned_Start), Utc(Planned_End), Planned_Minutes, Capped_Touch_Minutes, Uncapped_Touch_Minutes, Late_Start_Minutes,
            Late_Start, Early_Finish_Minutes, Early_Finish, Overrun_Minutes, Turnarounds, Turnaround_Minutes, Cases_Planned, Cases_Done,
            Cancelled_On_The_Day, JsonSerializer.Deserialize<List<SessionCancellation>>(Cancellations, JsonSerializerOptions.Web) ?? [], Utc(Written_At));
    }

    private sealed record OpelRow(DateTime Recorded_At, string Site, int? Level, double? Score, string Config_Version, string Config_Label,
        string Reason, string Parameters)
    {
        public OpelHistoryRecord ToRecord() => new(Utc(Recorded_At), Site, Level, Score, Config_Version, Config_Label, Reason,
            JsonSerializer.Deserialize<List<OpelHistoryParameter>>(Parameters, JsonSerializerOptions.Web) ?? []);
    }

    private sealed record AlertEventRow(DateTime Event_At, string Alert_Id, string Event, string Rule, string Severity, string Site, string Location,
        string Message);

    private sealed record AckRow(string Alert_Id, string Rule, string Severity, string Site, string Location, string Message, DateTime Raised_At,
        DateTime Acknowledged_At, string Acknowledged_By)
    {
        public AlertAcknowledgement ToRecord() => new(Alert_Id, Rule, Severity, Site, Location, Message, Utc(Raised_At), Utc(Acknowledged_At),
            Acknowledged_By);
    }
}
