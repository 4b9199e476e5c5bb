using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Bright.Store.Settings;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Bright.Store.Query;

/// <summary>
/// The read-only snapshots self-service queries run on, one per scope (all sites, or the sites a token is
/// limited to). A snapshot is a separate DuckDB file copied from the live store in one transaction, with
/// the subject re-keyed; it is replaced when it is older than <see cref="QueryOptions.SnapshotInterval"/>
/// and the store has changed since. Thread-safe.
/// </summary>
public sealed partial class QuerySnapshots : IDisposable
{
    private const string SubjectKeySetting = "query.subject-key";
    private readonly BrightStore _store;
    private readonly SettingsStore _settings;
    private readonly QueryOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<QuerySnapshots> _logger;
    private readonly ConcurrentDictionary<string, Scope> _scopes = new(StringComparer.Ordinal);
    private long _epoch;
    private string? _subjectKey;

    /// <summary>Prepares the snapshot folder next to the store, clearing generations a previous run left.</summary>
    public QuerySnapshots(BrightStore store, SettingsStore settings, QueryOptions options, TimeProvider clock, ILogger<QuerySnapshots> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _settings = settings;
        _options = options;
        _clock = clock;
        _logger = logger;
        Folder = store.FilePath + ".query";
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        Directory.CreateDirectory(Folder);
    }

    /// <summary>Where snapshot files and Parquet answers are written while in use.</summary>
    public string Folder { get; }

    /// <summary>
    /// A lease on a snapshot for <paramref name="sites"/> (null or empty: every site) no older than the
    /// snapshot interval unless the store is unchanged; dispose it when the query is done.
    /// </summary>
    public async Task<QuerySnapshotLease> AcquireAsync(IReadOnlyCollection<string>? sites, CancellationToken cancellationToken)
    {
        var scope = ScopeFor(sites);
        scope.LastUsedAt = _clock.GetUtcNow();
        while (true)
        {
            var snapshot = await EnsureFreshAsync(scope, force: false, cancellationToken);
            if (snapshot.TryLease())
            {
                return new QuerySnapshotLease(snapshot);
            }
        }
    }

    /// <summary>
    /// Brings every scope queried in the last <see cref="IdleAfter"/> up to date with the live store (the
    /// background refresh). Scopes nobody has queried lately are left alone, so an idle workbench costs
    /// nothing; their next query refreshes them itself.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        foreach (var scope in _scopes.Values.Where(s => now - s.LastUsedAt <= IdleAfter))
        {
            await EnsureFreshAsync(scope, force: true, cancellationToken);
        }
    }

    /// <summary>How long after its last query a scope is still refreshed in the background.</summary>
    public static TimeSpan IdleAfter { get; } = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var scope in _scopes.Values)
        {
            scope.Current?.Retire();
            scope.Gate.Dispose();
        }
    }

    private Scope ScopeFor(IReadOnlyCollection<string>? sites)
    {
        var ordered = sites is { Count: > 0 } ? sites.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() : null;
        var key = ordered is null ? "all" : "sites-" + string.Join('-', ordered);
        return _scopes.GetOrAdd(key, k => new Scope(k, ordered));
    }

    private async Task<QuerySnapshot> EnsureFreshAsync(Scope scope, bool force, CancellationToken cancellationToken)
    {
        await scope.Gate.WaitAsync(cancellationToken);
        try
        {
            var current = scope.Current;
            var now = _clock.GetUtcNow();
            if (current is not null && !force && now - current.SnapshotAt < _options.SnapshotInterval)
            {
                return current;
            }

            var mark = ChangeMark();
            if (current is not null && current.ChangeMark == mark)
            {
                // Append-only tables with the same row counts: the live store still equals the snapshot.
                current.SnapshotAt = now;
                return current;
            }

            var key = await SubjectKeyAsync(cancellationToken);
            var fresh = await Task.Run(() => Build(scope, now, key, current), cancellationToken);
            scope.Current = fresh;
            current?.Retire();
            return fresh;
        }
        finally
        {
            scope.Gate.Release();
        }
    }

    private long ChangeMark()
    {
        using var connection = _store.OpenConnection();
        return connection.ExecuteScalar<long>("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM data_quality_flags)");
    }

    /// <summary>
    /// Writes a new snapshot generation. The live tables are append-only, so when the scope has a previous
    /// generation its file is copied and only the rows appended since are added (re-keyed as they go):
    /// a refresh costs what arrived in the interval, not the whole history.
    /// </summary>
    private QuerySnapshot Build(Scope scope, DateTimeOffset at, string key, QuerySnapshot? previous)
    {
        var started = _clock.GetTimestamp();
        var epoch = Interlocked.Increment(ref _epoch);
        var path = Path.Combine(Folder, $"{scope.Key}-{epoch.ToString(CultureInfo.InvariantCulture)}.duckdb");
        var alias = $"bright_snapshot_{epoch.ToString(CultureInfo.InvariantCulture)}";
        var siteFilter = scope.Sites is null
            ? ""
            : "AND site IN (" + string.Join(", ", scope.Sites.Select(s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'")) + ")";
        var incremental = previous is not null && File.Exists(previous.FilePath);
        if (incremental)
        {
            File.Copy(previous!.FilePath, path);
        }

        long eventRows, flagRows;
        using (var live = _store.OpenConnection())
        {
            live.Execute($"ATTACH '{path.Replace("'", "''", StringComparison.Ordinal)}' AS {alias}");
            try
            {
                using var tx = live.BeginTransaction();
                eventRows = live.ExecuteScalar<long>("SELECT count(*) FROM main.events", transaction: tx);
                flagRows = live.ExecuteScalar<long>("SELECT count(*) FROM main.data_quality_flags", transaction: tx);
                var (eventsFrom, flagsFrom) = incremental ? (previous!.EventRows, previous.FlagRows) : (0L, 0L);
                var (into, flagsInto) = incremental
                    ? ($"INSERT INTO {alias}.events", $"INSERT INTO {alias}.data_quality_flags")
                    : ($"CREATE TABLE {alias}.events AS", $"CREATE TABLE {alias}.data_quality_flags AS");
                live.Execute($"""
                    {into}
                    SELECT event_id, occurred_at, received_at, source, site, kind,
                           CASE WHEN subject IS NULL THEN NULL ELSE left(sha256($key || subject), 24) END AS subject,
                           location, code, value, attributes
                    FROM main.events WHERE rowid >= $from {siteFilter}
                    """, new { key, from = eventsFrom }, tx);
                live.Execute($"""
                    {flagsInto}
                    SELECT flagged_at, source, site, event_id, field, message FROM main.data_quality_flags WHERE rowid >= $from {siteFilter}
                    """, new { from = flagsFrom }, tx);
                if (!incremental)
                {
                    foreach (var table in QueryDictionary.Tables)
                    {
                        live.Execute($"COMMENT ON TABLE {alias}.{table.Name} IS '{Quote(table.Description)}'", transaction: tx);
                        foreach (var column in table.Columns)
                        {
                            live.Execute($"COMMENT ON COLUMN {alias}.{table.Name}.{column.Name} IS '{Quote(column.Description)}'", transaction: tx);
                        }
                    }
                }

                tx.Commit();
                live.Execute($"CHECKPOINT {alias}");
            }
            finally
            {
                live.Execute($"DETACH {alias}");
            }
        }

        var snapshot = QuerySnapshot.Open(path, eventRows + flagRows, at, _options, eventRows, flagRows);
        LogSnapshotBuilt(scope.Key, epoch, _clock.GetElapsedTime(started).TotalMilliseconds);
        return snapshot;
    }

    private static string Quote(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>
    /// The secret the subject is hashed with, made once and kept in the store's settings so that subjects
    /// stay comparable across snapshots and restarts.
    /// </summary>
    private async Task<string> SubjectKeyAsync(CancellationToken cancellationToken)
    {
        if (_subjectKey is not null)
        {
            return _subjectKey;
        }

        var stored = await _settings.GetAsync(SubjectKeySetting, cancellationToken);
        if (stored is null)
        {
            stored = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            await _settings.SetAsync(SubjectKeySetting, stored, cancellationToken);
        }

        return _subjectKey = stored;
    }

    private sealed class Scope(string key, string[]? sites)
    {
        public string Key { get; } = key;

        public string[]? Sites { get; } = sites;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public QuerySnapshot? Current { get; set; }

        public DateTimeOffset LastUsedAt { get; set; }
    }

    [LoggerMessage(1101, LogLevel.Debug, "Query snapshot {Scope} generation {Epoch} built in {ElapsedMs:F0} ms")]
    private partial void LogSnapshotBuilt(string scope, long epoch, double elapsedMs);
}

/// <summary>A query's hold on one snapshot generation: the snapshot stays open until this is disposed.</summary>
public sealed class QuerySnapshotLease : IDisposable
{
    private int _released;

    internal QuerySnapshotLease(QuerySnapshot snapshot)
    {
        Snapshot = snapshot;
        SnapshotAt = snapshot.SnapshotAt;
    }

    /// <summary>The answer reflects every change the live store had committed at this instant (UTC).</summary>
    public DateTimeOffset SnapshotAt { get; }

    internal QuerySnapshot Snapshot { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Snapshot.Release();
        }
    }
}
