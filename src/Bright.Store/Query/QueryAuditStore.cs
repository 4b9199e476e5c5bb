using Dapper;

namespace Bright.Store.Query;

/// <summary>One self-service query as the audit keeps it.</summary>
/// <param name="At">When it was received (UTC).</param>
/// <param name="Who">The caller's token name.</param>
/// <param name="SavedQueryId">The saved query it ran, if any.</param>
/// <param name="Sql">The SQL as sent.</param>
/// <param name="ParametersJson">The parameters as a JSON object.</param>
/// <param name="Format">The answer format.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="RowCount">Rows answered, when answered.</param>
/// <param name="Truncated">Whether the answer was cut at the row limit, when answered.</param>
/// <param name="ElapsedMs">Milliseconds from receipt to the answer being written, or to the failure.</param>
/// <param name="SnapshotAt">The snapshot's instant, when it ran on one.</param>
/// <param name="Error">Why it was not answered.</param>
public sealed record QueryAuditEntry(DateTimeOffset At, string Who, long? SavedQueryId, string Sql, string ParametersJson, QueryFormat Format,
    QueryOutcomeKind Outcome, long? RowCount, bool? Truncated, double ElapsedMs, DateTimeOffset? SnapshotAt, string? Error);

/// <summary>The <c>query_audit</c> table: every self-service query, whoever ran it and whatever became of it. Thread-safe.</summary>
public sealed class QueryAuditStore(BrightStore store)
{
    /// <summary>Records <paramref name="entry"/>.</summary>
    public async Task AddAsync(QueryAuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var connection = store.OpenConnection();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO query_audit (queried_at, who, saved_query_id, sql, parameters, format, outcome, row_count, truncated, elapsed_ms, snapshot_at, error)
            VALUES ($at, $who, $savedQueryId, $sql, $parameters, $format, $outcome, $rowCount, $truncated, $elapsedMs, $snapshotAt, $error)
            """, new
        {
            at = entry.At.UtcDateTime,
            who = entry.Who,
            savedQueryId = entry.SavedQueryId,
            sql = entry.Sql,
            parameters = entry.ParametersJson,
            format = entry.Format.ToString().ToLowerInvariant(),
            outcome = OutcomeName(entry.Outcome),
            rowCount = entry.RowCount,
            truncated = entry.Truncated,
            elapsedMs = entry.ElapsedMs,
            snapshotAt = entry.SnapshotAt?.UtcDateTime,
            error = entry.Error,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>The most recent entries, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<QueryAuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT queried_at, who, saved_query_id, sql, CAST(parameters AS VARCHAR) AS parameters, format, outcome, row_count, truncated, elapsed_ms,
                   snapshot_at, error
            FROM query_audit ORDER BY id DESC LIMIT $limit
            """, new { limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new QueryAuditEntry(Events.EventReader.Utc(r.Queried_At), r.Who, r.Saved_Query_Id, r.Sql, r.Parameters,
            Enum.Parse<QueryFormat>(r.Format, ignoreCase: true), Enum.Parse<QueryOutcomeKind>(r.Outcome.Replace("_", "", StringComparison.Ordinal), ignoreCase: true),
            r.Row_Count, r.Truncated, r.Elapsed_Ms, r.Snapshot_At is { } s ? Events.EventReader.Utc(s) : null, r.Error))];
    }

    /// <summary>The outcome's name in the table: answered, refused, timed_out, cancelled, out_of_temp_space.</summary>
    public static string OutcomeName(QueryOutcomeKind outcome) => outcome switch
    {
        QueryOutcomeKind.TimedOut => "timed_out",
        QueryOutcomeKind.OutOfTempSpace => "out_of_temp_space",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private sealed record Row(DateTime Queried_At, string Who, long? Saved_Query_Id, string Sql, string Parameters, string Format, string Outcome,
        long? Row_Count, bool? Truncated, double Elapsed_Ms, DateTime? Snapshot_At, string? Error);
}
