using Bright.Store.Replication;
using Dapper;

namespace Bright.Store.DataQuality;

/// <summary>
/// Writes and reads the <c>data_quality_flags</c> table. Thread-safe. With an <see cref="IRecordLog"/>
/// (distributed mode) new flags go to the cluster's log and reach this store through <see cref="ApplyAsync"/>.
/// </summary>
public sealed class DataQualityStore(BrightStore store, IRecordLog? log = null)
{
    /// <summary>
    /// Stores <paramref name="flags"/> in one transaction; in distributed mode appends them to the cluster's log
    /// instead, and every node stores them when it reads the log.
    /// </summary>
    public async Task AddAsync(IReadOnlyList<DataQualityFlag> flags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flags);
        if (flags.Count == 0)
        {
            return;
        }

        if (log is not null)
        {
            await log.AppendDataQualityFlagsAsync(flags, cancellationToken);
            return;
        }

        await InsertAsync(flags, null, cancellationToken);
    }

    /// <summary>
    /// Stores flags read from the cluster's log at entry <paramref name="logKey"/>, each keyed by its index
    /// there; flags already stored under their key are skipped, so applying an entry twice changes nothing.
    /// </summary>
    public Task ApplyAsync(string logKey, IReadOnlyList<DataQualityFlag> flags, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logKey);
        ArgumentNullException.ThrowIfNull(flags);
        return flags.Count == 0 ? Task.CompletedTask : InsertAsync(flags, logKey, cancellationToken);
    }

    private async Task InsertAsync(IReadOnlyList<DataQualityFlag> flags, string? logKey, CancellationToken cancellationToken)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        // Dapper runs the statement once per element, all in the one transaction.
        await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO data_quality_flags (flagged_at, source, site, event_id, field, message, log_key)
                SELECT $flaggedAt, $source, $site, $eventId, $field, $message, $logKey
                WHERE $logKey IS NULL OR NOT EXISTS (SELECT 1 FROM data_quality_flags WHERE log_key = $logKey)
                """, flags.Select((flag, i) => new
        {
            flaggedAt = flag.FlaggedAt.UtcDateTime,
            source = flag.Source,
            site = flag.Site,
            eventId = flag.EventId,
            field = flag.Field,
            message = flag.Message,
            logKey = logKey is null ? null : RecordKey.Of(logKey, i),
        }), transaction, cancellationToken: cancellationToken));

        transaction.Commit();
    }

    /// <summary>The most recent flags, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<DataQualityFlag>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT flagged_at, source, site, event_id, field, message FROM data_quality_flags ORDER BY id DESC LIMIT $limit",
            new { limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DataQualityFlag(Events.EventReader.Utc(r.Flagged_At), r.Source, r.Site, r.Event_Id, r.Field, r.Message))];
    }

    /// <summary>
    /// Flags newest first, optionally of one <paramref name="source"/> only, skipping <paramref name="offset"/>
    /// and taking at most <paramref name="limit"/>; with the total that match.
    /// </summary>
    public async Task<(IReadOnlyList<DataQualityFlag> Flags, long Total)> ListAsync(string? source, int offset, int limit,
        CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT flagged_at, source, site, event_id, field, message FROM data_quality_flags
            WHERE $source IS NULL OR source = $source ORDER BY id DESC LIMIT $limit OFFSET $offset
            """, new { source, limit, offset }, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM data_quality_flags WHERE $source IS NULL OR source = $source", new { source },
            cancellationToken: cancellationToken));
        return ([.. rows.Select(r => new DataQualityFlag(Events.EventReader.Utc(r.Flagged_At), r.Source, r.Site, r.Event_Id, r.Field, r.Message))],
            total);
    }

    /// <summary>Per source, flags raised since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountBySourceSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<(string, long)>(new CommandDefinition(
            "SELECT source, count(*) FROM data_quality_flags WHERE flagged_at >= $since GROUP BY source",
            new { since = since.UtcDateTime }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }

    private sealed record Row(DateTime Flagged_At, string Source, string? Site, string? Event_Id, string Field, string Message);
}
