using System.Data;
using System.Data.Common;
using Dapper;

namespace Bright.Store.Replication;

/// <summary>
/// The log keys of the changes (not events) a node has applied from the cluster's log, in <c>replicated_changes</c>.
/// A store applies a change and claims its key in one transaction, so a change delivered twice is applied once.
/// </summary>
public static class ReplicatedChanges
{
    /// <summary>A feed registry change.</summary>
    public const string Feed = "feed";

    /// <summary>An alert rule change.</summary>
    public const string AlertRule = "alert-rule";

    /// <summary>A new version of the OPEL table.</summary>
    public const string OpelTable = "opel-table";

    /// <summary>A KPI definition or target change.</summary>
    public const string Kpi = "kpi";

    /// <summary>The outcome of replaying a dead letter.</summary>
    public const string DeadLetterReplay = "dead-letter-replay";

    /// <summary>
    /// Records <paramref name="logKey"/> as applied inside <paramref name="transaction"/>; false (recording nothing)
    /// when it was applied before, and the caller must then change nothing.
    /// </summary>
    public static async Task<bool> ClaimAsync(IDbConnection connection, IDbTransaction transaction, string logKey, string kind, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(logKey);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO replicated_changes (log_key, kind, applied_at)
            SELECT $logKey, $kind, $at WHERE NOT EXISTS (SELECT 1 FROM replicated_changes WHERE log_key = $logKey)
            """, new { logKey, kind, at = at.UtcDateTime }, transaction, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction of <paramref name="store"/>, one writer at a time under
    /// <paramref name="writes"/>. With a <paramref name="logKey"/> (a change read from the cluster's log) the key is
    /// claimed in the same transaction first, and a key applied before changes nothing and gives
    /// <c>default</c>; without one (the embedded mode) the write simply runs.
    /// </summary>
    public static async Task<T?> WriteOnceAsync<T>(BrightStore store, SemaphoreSlim writes, string? logKey, string kind, DateTimeOffset at,
        Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(write);
        await writes.WaitAsync(cancellationToken);
        try
        {
            using var connection = store.OpenConnection();
            using var transaction = connection.BeginTransaction();
            if (logKey is not null && !await ClaimAsync(connection, transaction, logKey, kind, at, cancellationToken))
            {
                return default;
            }

            var result = await write(connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            writes.Release();
        }
    }
}
