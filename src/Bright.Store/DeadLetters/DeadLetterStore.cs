using Bright.Store.Replication;
using Dapper;

namespace Bright.Store.DeadLetters;

/// <summary>
/// Writes and reads the <c>dead_letters</c> table. Thread-safe. With an <see cref="IRecordLog"/> (distributed
/// mode) new letters go to the cluster's log and reach this store through <see cref="ApplyAsync"/>.
/// </summary>
public sealed class DeadLetterStore(BrightStore store, IRecordLog? log = null)
{
    /// <summary>
    /// Stores <paramref name="letters"/> in one transaction; in distributed mode appends them to the cluster's log
    /// instead, and every node stores them when it reads the log.
    /// </summary>
    public async Task AddAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0)
        {
            return;
        }

        if (log is not null)
        {
            await log.AppendDeadLettersAsync(letters, cancellationToken);
            return;
        }

        await InsertAsync(letters, null, cancellationToken);
    }

    /// <summary>
    /// Stores letters read from the cluster's log at entry <paramref name="logKey"/>, each keyed by its index
    /// there; letters already stored under their key are skipped, so applying an entry twice changes nothing.
    /// </summary>
    /// <returns>How many letters were stored now (0 when the entry had been applied before).</returns>
    public Task<int> ApplyAsync(string logKey, IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logKey);
        ArgumentNullException.ThrowIfNull(letters);
        return letters.Count == 0 ? Task.FromResult(0) : InsertAsync(letters, logKey, cancellationToken);
    }

    private async Task<int> InsertAsync(IReadOnlyList<DeadLetter> letters, string? logKey, CancellationToken cancellationToken)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        // Dapper runs the statement once per element, all in the one transaction.
        var stored = await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO dead_letters (received_at, channel, source, site, reference, errors, payload, log_key)
                SELECT $receivedAt, $channel, $source, $site, $reference, $errors, $payload, $logKey
                WHERE $logKey IS NULL OR NOT EXISTS (SELECT 1 FROM dead_letters WHERE log_key = $logKey)
                """, letters.Select((letter, i) => new
        {
            receivedAt = letter.ReceivedAt.UtcDateTime,
            channel = letter.Channel,
            source = letter.Source,
            site = letter.Site,
            reference = letter.Reference,
            errors = string.Join('\n', letter.Errors),
            payload = letter.Payload,
            logKey = logKey is null ? null : RecordKey.Of(logKey, i),
        }), transaction, cancellationToken: cancellationToken));

        transaction.Commit();
        return stored;
    }

    /// <summary>Per source and site, how many letters arrived since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<(string Source, string? Site, long Count)>> CountSinceAsync(DateTimeOffset since,
        CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<(string, string?, long)>(new CommandDefinition(
            "SELECT source, site, count(*) FROM dead_letters WHERE received_at >= $since GROUP BY source, site",
            new { since = since.UtcDateTime }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>The most recent letters, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<DeadLetter>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT received_at, channel, source, site, reference, errors, payload FROM dead_letters ORDER BY id DESC LIMIT $limit
            """, new { limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DeadLetter(Events.EventReader.Utc(r.Received_At), r.Channel, r.Source, r.Site, r.Reference,
            r.Errors.Split('\n'), r.Payload))];
    }

    /// <summary>The letter with id <paramref name="id"/>, or null.</summary>
    public async Task<StoredDeadLetter?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var row = await connection.QuerySingleOrDefaultAsync<StoredRow>(new CommandDefinition(
            $"SELECT {StoredColumns} FROM dead_letters WHERE id = $id", new { id }, cancellationToken: cancellationToken));
        return row?.ToLetter();
    }

    /// <summary>
    /// Letters newest first, optionally of one <paramref name="source"/> only, skipping <paramref name="offset"/>
    /// and taking at most <paramref name="limit"/>; with the total that match.
    /// </summary>
    public async Task<(IReadOnlyList<StoredDeadLetter> Letters, long Total)> ListAsync(string? source, int offset, int limit,
        CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<StoredRow>(new CommandDefinition($"""
            SELECT {StoredColumns} FROM dead_letters WHERE $source IS NULL OR source = $source
            ORDER BY id DESC LIMIT $limit OFFSET $offset
            """, new { source, limit, offset }, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM dead_letters WHERE $source IS NULL OR source = $source", new { source }, cancellationToken: cancellationToken));
        return ([.. rows.Select(r => r.ToLetter())], total);
    }

    /// <summary>Per source, letters received since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountBySourceSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<(string, long)>(new CommandDefinition(
            "SELECT source, count(*) FROM dead_letters WHERE received_at >= $since GROUP BY source",
            new { since = since.UtcDateTime }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }

    /// <summary>
    /// Records a successful replay of letter <paramref name="id"/> at <paramref name="at"/>. In distributed mode the
    /// outcome goes to the cluster's log (when the letter came from it) and every node records it on its copy.
    /// </summary>
    public Task MarkReplayedAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RecordReplayAsync(id, true, [], at, cancellationToken);

    /// <summary>
    /// Records a failed replay of letter <paramref name="id"/>: its errors become <paramref name="errors"/>. In
    /// distributed mode the outcome goes to the cluster's log (when the letter came from it), as for a success.
    /// </summary>
    public Task RecordFailedReplayAsync(long id, IReadOnlyList<string> errors, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return RecordReplayAsync(id, false, errors, at, cancellationToken);
    }

    /// <summary>
    /// Records on this node's copy a replay outcome read from the cluster's log at <paramref name="logKey"/>; false,
    /// changing nothing, when that outcome was applied before or no letter here has <see cref="DeadLetterReplayed.LetterKey"/>.
    /// </summary>
    public async Task<bool> ApplyReplayAsync(string logKey, DeadLetterReplayed replay, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logKey);
        ArgumentNullException.ThrowIfNull(replay);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        if (!await ReplicatedChanges.ClaimAsync(connection, transaction, logKey, ReplicatedChanges.DeadLetterReplay, replay.At, cancellationToken))
        {
            return false;
        }

        var updated = await UpdateReplayAsync(connection, transaction, "log_key = $key", new { key = replay.LetterKey }, replay, cancellationToken);
        transaction.Commit();
        return updated > 0;
    }

    private async Task RecordReplayAsync(long id, bool replayed, IReadOnlyList<string> errors, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var connection = store.OpenConnection();
        var key = log is null
            ? null
            : await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT log_key FROM dead_letters WHERE id = $id", new { id },
                cancellationToken: cancellationToken));
        var replay = new DeadLetterReplayed(key ?? "", replayed, [.. errors], at);
        if (key is not null)
        {
            await log!.AppendDeadLetterReplayAsync(replay, cancellationToken);
            return;
        }

        // A letter stored before the node joined a cluster is on this node only, and so is its replay.
        using var transaction = connection.BeginTransaction();
        await UpdateReplayAsync(connection, transaction, "id = $id", new { id }, replay, cancellationToken);
        transaction.Commit();
    }

    private static Task<int> UpdateReplayAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string where,
        object key, DeadLetterReplayed replay, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(key);
        parameters.Add("at", replay.At.UtcDateTime);
        parameters.Add("errors", string.Join('\n', replay.Errors));
        // A success keeps the reasons it was refused for; a failure replaces them with the replay's.
        var set = replay.Replayed ? "replayed_at = $at" : "errors = $errors";
        return connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE dead_letters SET {set}, last_replay_at = $at, replay_attempts = coalesce(replay_attempts, 0) + 1 WHERE {where}
            """, parameters, transaction, cancellationToken: cancellationToken));
    }

    private const string StoredColumns =
        "id, received_at, channel, source, site, reference, errors, payload, replayed_at, coalesce(replay_attempts, 0) AS replay_attempts, last_replay_at";

    private sealed record StoredRow(long Id, DateTime Received_At, string Channel, string Source, string? Site, string? Reference, string Errors,
        string Payload, DateTime? Replayed_At, int Replay_Attempts, DateTime? Last_Replay_At)
    {
        public StoredDeadLetter ToLetter() => new(Id, Events.EventReader.Utc(Received_At), Channel, Source, Site, Reference, Errors.Split('\n'),
            Payload, Replayed_At is { } r ? Events.EventReader.Utc(r) : null, Replay_Attempts,
            Last_Replay_At is { } l ? Events.EventReader.Utc(l) : null);
    }

    private sealed record Row(DateTime Received_At, string Channel, string Source, string? Site, string? Reference, string Errors, string Payload);
}
