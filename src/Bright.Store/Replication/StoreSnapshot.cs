using Bright.Store.Events;
using Dapper;

namespace Bright.Store.Replication;

/// <summary>
/// A copy of a store's replicated content as Parquet files in one folder: every event, dead letter, data-quality
/// flag and alert acknowledgement, and the registers (feeds, alert rules, OPEL tables, KPI definitions, dashboards,
/// saved queries and their schedules, the FHIR Locations feeds sent) with the keys of the changes applied to them. Distributed mode seeds a node that joins
/// after the cluster's log was trimmed from one: events are read back and applied through the writer (which skips
/// ids already stored), the other records are inserted unless their log key is already stored, so loading a
/// snapshot twice changes nothing.
/// </summary>
public static class StoreSnapshot
{
    /// <summary>The events file in a snapshot folder.</summary>
    public const string EventsFile = "events.parquet";

    /// <summary>The dead letters file in a snapshot folder.</summary>
    public const string DeadLettersFile = "dead_letters.parquet";

    /// <summary>The data-quality flags file in a snapshot folder.</summary>
    public const string DataQualityFile = "data_quality_flags.parquet";

    /// <summary>The alert acknowledgements file in a snapshot folder.</summary>
    public const string AcknowledgementsFile = "alert_ack.parquet";

    /// <summary>
    /// The administrators' registers a snapshot carries, each a table copied whole (see <see cref="ImportAdministrationAsync"/>).
    /// </summary>
    public static IReadOnlyList<string> AdministrationTables { get; } =
        ["feeds", "feed_versions", "alert_rule_version", "opel_table_version", "kpis", "kpi_target", "kpi_definition_history",
            "dashboards", "saved_queries", "query_schedules", "fhir_locations"];

    // Registers snapshots carry since saved queries and FHIR Locations joined the cluster's log.
    private static readonly HashSet<string> AddedLater = ["saved_queries", "query_schedules", "fhir_locations"];

    /// <summary>The file of the applied change keys in a snapshot folder.</summary>
    public const string ChangesFile = "replicated_changes.parquet";

    /// <summary>
    /// Writes the four files into <paramref name="folder"/> (which must exist) and answers what they hold. The
    /// caller keeps the store from changing meanwhile when the snapshot must match a position in the log.
    /// </summary>
    public static async Task<SnapshotCounts> ExportAsync(BrightStore store, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        // One transaction: the four files are one consistent view of the store.
        var events = await CopyAsync("SELECT * FROM events", EventsFile);
        var letters = await CopyAsync("""
            SELECT received_at, channel, source, site, reference, errors, payload, replayed_at, replay_attempts, last_replay_at,
                coalesce(log_key, 'local-' || id) AS log_key
            FROM dead_letters ORDER BY id
            """, DeadLettersFile);
        var flags = await CopyAsync("""
            SELECT flagged_at, source, site, event_id, field, message, coalesce(log_key, 'local-' || id) AS log_key
            FROM data_quality_flags ORDER BY id
            """, DataQualityFile);
        var acks = await CopyAsync("""
            SELECT alert_id, rule, severity, site, location, message, raised_at, acknowledged_at, acknowledged_by,
                coalesce(log_key, 'local-' || alert_id || '@' || strftime(acknowledged_at, '%Y-%m-%dT%H:%M:%S.%f')) AS log_key
            FROM alert_ack ORDER BY acknowledged_at, alert_id
            """, AcknowledgementsFile);
        foreach (var table in AdministrationTables)
        {
            await CopyAsync($"SELECT * FROM {table}", table + ".parquet");
        }

        await CopyAsync("SELECT * FROM replicated_changes", ChangesFile);
        transaction.Commit();
        return new SnapshotCounts(events, letters, flags, acks);

        async Task<long> CopyAsync(string select, string file) => await connection.ExecuteAsync(new CommandDefinition(
            $"COPY ({select}) TO {Literal(Path.Combine(folder, file))} (FORMAT PARQUET)", transaction: transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The snapshot's events, in file order, read lazily (the caller applies them in chunks).</summary>
    public static IEnumerable<HospitalEvent> ReadEvents(BrightStore store, string folder)
    {
        ArgumentNullException.ThrowIfNull(store);
        var file = Required(folder, EventsFile);
        using var connection = store.OpenConnection();
        foreach (var row in connection.Query<EventReader.EventRow>($"""
            SELECT event_id, occurred_at, received_at, source, site, kind, subject, location, code, value, attributes::VARCHAR AS attributes
            FROM read_parquet({Literal(file)})
            """, buffered: false))
        {
            yield return row.ToEvent();
        }
    }

    /// <summary>
    /// Inserts the snapshot's dead letters, data-quality flags and acknowledgements that are not stored yet (by
    /// log key), in the order they were made; answers how many of each were inserted.
    /// </summary>
    public static async Task<SnapshotCounts> ImportRecordsAsync(BrightStore store, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var letters = Required(folder, DeadLettersFile);
        var flags = Required(folder, DataQualityFile);
        var acks = Required(folder, AcknowledgementsFile);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var letterCount = await InsertAsync("dead_letters",
            "received_at, channel, source, site, reference, errors, payload, replayed_at, replay_attempts, last_replay_at, log_key", letters);
        var flagCount = await InsertAsync("data_quality_flags", "flagged_at, source, site, event_id, field, message, log_key", flags);
        var ackCount = await InsertAsync("alert_ack",
            "alert_id, rule, severity, site, location, message, raised_at, acknowledged_at, acknowledged_by, log_key", acks);
        transaction.Commit();
        return new SnapshotCounts(0, letterCount, flagCount, ackCount);

        async Task<long> InsertAsync(string table, string columns, string file) => await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO {table} ({columns})
            SELECT {columns} FROM read_parquet({Literal(file)}, file_row_number = true) s
            WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.log_key = s.log_key)
            ORDER BY file_row_number
            """, transaction: transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Replaces this store's feed registry, alert rules, OPEL tables, KPI definitions, dashboards, saved queries, schedules
    /// and FHIR Locations with the snapshot's
    /// (the node that made it had applied every change before its position in the log) and adds the keys of the changes it had applied; false,
    /// changing nothing, for a snapshot made before snapshots carried them. The caller reloads what it holds in memory.
    /// </summary>
    public static async Task<bool> ImportAdministrationAsync(BrightStore store, string folder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!File.Exists(Path.Combine(folder, ChangesFile)))
        {
            return false;
        }

        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var table in AdministrationTables)
        {
            if (AddedLater.Contains(table) && !File.Exists(Path.Combine(folder, table + ".parquet")))
            {
                continue; // a snapshot from before it carried this register: the node keeps its own
            }

            var file = Literal(Required(folder, table + ".parquet"));
            await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table}", transaction: transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition($"INSERT INTO {table} BY NAME SELECT * FROM read_parquet({file})",
                transaction: transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO replicated_changes BY NAME
            SELECT * FROM read_parquet({Literal(Path.Combine(folder, ChangesFile))}) s
            WHERE NOT EXISTS (SELECT 1 FROM replicated_changes t WHERE t.log_key = s.log_key)
            """, transaction: transaction, cancellationToken: cancellationToken));
        transaction.Commit();
        return true;
    }

    private static string Required(string folder, string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var path = Path.Combine(folder, file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The snapshot in {folder} has no {file}; it is incomplete and cannot be loaded.", path);
    }

    // COPY and read_parquet take no parameters for the file: the path is quoted as an SQL string.
    private static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}

/// <summary>How many rows a snapshot holds (or an import inserted) of each kind.</summary>
/// <param name="Events">Canonical events.</param>
/// <param name="DeadLetters">Refused input.</param>
/// <param name="DataQualityFlags">Accepted input to fix at the source.</param>
/// <param name="Acknowledgements">Alert acknowledgements.</param>
public sealed record SnapshotCounts(long Events, long DeadLetters, long DataQualityFlags, long Acknowledgements);
