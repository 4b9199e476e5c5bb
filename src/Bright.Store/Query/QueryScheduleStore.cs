using Dapper;

namespace Bright.Store.Query;

/// <summary>A saved query's export schedule.</summary>
/// <param name="SavedQueryId">The saved query exported.</param>
/// <param name="Cron">Five-field cron expression, read in Europe/London time.</param>
/// <param name="Format">The export's format.</param>
/// <param name="Owner">Who scheduled it.</param>
/// <param name="CreatedAt">When it was scheduled.</param>
/// <param name="Target">Where each export goes: the export folder, or an e-mail-ready message in the outbox.</param>
/// <param name="Recipients">The e-mail addresses of an <see cref="QueryExportTarget.Email"/> schedule; empty (or null) for a folder.</param>
public sealed record QuerySchedule(long SavedQueryId, string Cron, QueryFormat Format, string Owner, DateTimeOffset CreatedAt,
    QueryExportTarget Target = QueryExportTarget.Folder, IReadOnlyList<string>? Recipients = null);

/// <summary>Where a scheduled export goes.</summary>
public enum QueryExportTarget
{
    /// <summary>A file in <see cref="QueryOptions.ExportFolder"/>.</summary>
    Folder,

    /// <summary>An RFC 5322 message with the export attached, written to <see cref="QueryOptions.Outbox"/> and sent when SMTP is configured.</summary>
    Email,
}

/// <summary>
/// The <c>query_schedules</c> table. Thread-safe. In distributed mode every node stores the schedules the cluster's log
/// carries, so the one node that runs a scheduled export finds it, whichever node it was set on.
/// </summary>
public sealed class QueryScheduleStore(BrightStore store)
{
    /// <summary>Adds or replaces the schedule of <paramref name="schedule"/>'s saved query.</summary>
    public async Task SetAsync(QuerySchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        using var connection = store.OpenConnection();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO query_schedules (saved_query_id, cron, format, owner, created_at, target, recipients)
            VALUES ($id, $cron, $format, $owner, $at, $target, $recipients)
            ON CONFLICT (saved_query_id) DO UPDATE SET cron = excluded.cron, format = excluded.format, owner = excluded.owner,
                created_at = excluded.created_at, target = excluded.target, recipients = excluded.recipients
            """, new
        {
            id = schedule.SavedQueryId,
            cron = schedule.Cron,
            format = schedule.Format.ToString().ToLowerInvariant(),
            owner = schedule.Owner,
            at = schedule.CreatedAt.UtcDateTime,
            target = schedule.Target.ToString().ToLowerInvariant(),
            recipients = schedule.Recipients is { Count: > 0 } r ? string.Join('\n', r) : null,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Removes a saved query's schedule; false when it had none.</summary>
    public async Task<bool> RemoveAsync(long savedQueryId, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM query_schedules WHERE saved_query_id = $id",
            new { id = savedQueryId }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>A saved query's schedule, or null.</summary>
    public async Task<QuerySchedule?> GetAsync(long savedQueryId, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(s => s.SavedQueryId == savedQueryId);

    /// <summary>Every schedule.</summary>
    public async Task<IReadOnlyList<QuerySchedule>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT saved_query_id, cron, format, owner, created_at, target, recipients FROM query_schedules ORDER BY saved_query_id",
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new QuerySchedule(r.Saved_Query_Id, r.Cron, Enum.Parse<QueryFormat>(r.Format, ignoreCase: true), r.Owner,
            Events.EventReader.Utc(r.Created_At), Enum.Parse<QueryExportTarget>(r.Target ?? "folder", ignoreCase: true),
            r.Recipients?.Split('\n') ?? []))];
    }

    private sealed record Row(long Saved_Query_Id, string Cron, string Format, string Owner, DateTime Created_At, string? Target, string? Recipients);
}
