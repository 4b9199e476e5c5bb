using System.Data.Common;
using Bright.Store.Replication;
using Dapper;

namespace Bright.Store.Feeds;

/// <summary>
/// The feed registry in the store: <c>feeds</c> (each feed's current settings) and <c>feed_versions</c> (every
/// revision, appended, never changed). Nothing is deleted: retiring a feed is a revision. Thread-safe; writes
/// are serialised.
/// </summary>
public sealed class FeedStore(BrightStore store, TimeProvider clock) : IDisposable
{
    /// <summary>Who made a change that came from configuration at start-up.</summary>
    public const string ConfigurationAuthor = "configuration";

    private const string Columns = """
        id AS Id, name AS Name, owner AS Owner, contact AS Contact, kind AS Kind, expected_every_s AS ExpectedEverySeconds,
        late_after_s AS LateAfterSeconds, silent_after_s AS SilentAfterSeconds, enabled AS Enabled
        """;

    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>Every feed, retired ones included, by id.</summary>
    public async Task<IReadOnlyList<StoredFeed>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await ListCoreAsync(connection, null, cancellationToken);
    }

    /// <summary>The feed <paramref name="id"/> (retired or not), or null when there is none.</summary>
    public async Task<StoredFeed?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await FindCoreAsync(connection, null, id, cancellationToken);
    }

    /// <summary>Every revision of feed <paramref name="id"/>, oldest first; empty when there is no such feed.</summary>
    public async Task<IReadOnlyList<FeedVersion>> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition($"""
            SELECT {Columns}, revision AS Revision, change AS Change, changed_at AS ChangedAt, changed_by AS ChangedBy
            FROM feed_versions WHERE id = $id ORDER BY revision
            """, new { id }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new FeedVersion(r.Revision, r.Change, r.ToDefinition(), Utc(r.ChangedAt), r.ChangedBy))];
    }

    /// <summary>
    /// Creates or changes the feed of <paramref name="feed"/>'s id as <paramref name="by"/>; a retired feed saved
    /// again is restored. Settings identical to the stored ones of a feed in service change nothing.
    /// </summary>
    public async Task<FeedSaveResult> SaveAsync(FeedDefinition feed, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var now = clock.GetUtcNow();
        return (await ReplicatedChanges.WriteOnceAsync(store, _writes, null, ReplicatedChanges.Feed, now,
            (connection, transaction) => SaveCoreAsync(connection, transaction, feed, by, now, cancellationToken), cancellationToken))!;
    }

    /// <summary>Retires feed <paramref name="id"/> as <paramref name="by"/>; null when there is no such feed. Retiring twice changes nothing.</summary>
    public async Task<StoredFeed?> RetireAsync(string id, string by, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var now = clock.GetUtcNow();
        return await ReplicatedChanges.WriteOnceAsync(store, _writes, null, ReplicatedChanges.Feed, now,
            (connection, transaction) => RetireCoreAsync(connection, transaction, id, by, now, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Applies a save read from the cluster's log at <paramref name="logKey"/>, made at <paramref name="at"/> (so every
    /// node stores the same time); null, changing nothing, when that change was applied before.
    /// </summary>
    public async Task<FeedSaveResult?> ApplySaveAsync(string logKey, FeedDefinition feed, string by, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        return await ReplicatedChanges.WriteOnceAsync(store, _writes, logKey, ReplicatedChanges.Feed, at,
            (connection, transaction) => SaveCoreAsync(connection, transaction, feed, by, at, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Applies a retirement read from the cluster's log at <paramref name="logKey"/>; null when there is no such feed
    /// or that change was applied before (changing nothing either way).
    /// </summary>
    public async Task<StoredFeed?> ApplyRetireAsync(string logKey, string id, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        return await ReplicatedChanges.WriteOnceAsync(store, _writes, logKey, ReplicatedChanges.Feed, at,
            (connection, transaction) => RetireCoreAsync(connection, transaction, id, by, at, cancellationToken), cancellationToken);
    }

    private static async Task<StoredFeed?> RetireCoreAsync(DbConnection connection, DbTransaction transaction, string id, string by,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FindCoreAsync(connection, transaction, id, cancellationToken) is not { } stored)
        {
            return null;
        }

        return stored.Retired
            ? stored
            : await WriteAsync(connection, transaction, stored.Feed, stored.Revision + 1, "retired", now, by, now, cancellationToken);
    }

    /// <summary>
    /// Brings the registry up to the feeds declared in configuration: a feed not stored yet is created; one whose last
    /// change came from configuration takes the declared settings; one an administrator has changed (or retired) keeps
    /// the stored settings, which win from then on. Returns each feed created or changed.
    /// </summary>
    public async Task<IReadOnlyList<FeedSaveResult>> SeedAsync(IReadOnlyList<FeedDefinition> declared, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(declared);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            using var connection = store.OpenConnection();
            using var transaction = connection.BeginTransaction();
            var changed = new List<FeedSaveResult>();
            foreach (var feed in declared)
            {
                var stored = await FindCoreAsync(connection, transaction, feed.Id, cancellationToken);
                if (stored is not null && (stored.Retired || stored.UpdatedBy != ConfigurationAuthor))
                {
                    continue;
                }

                if (await SaveCoreAsync(connection, transaction, feed, ConfigurationAuthor, clock.GetUtcNow(), cancellationToken) is { Change: not null } result)
                {
                    changed.Add(result);
                }
            }

            transaction.Commit();
            return changed;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writes.Dispose();

    private static async Task<FeedSaveResult> SaveCoreAsync(DbConnection connection, DbTransaction transaction, FeedDefinition feed, string by,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await FindCoreAsync(connection, transaction, feed.Id, cancellationToken);
        if (stored is not null && !stored.Retired && stored.Feed == feed)
        {
            return new FeedSaveResult(stored, null);
        }

        var change = stored is null ? "created" : stored.Retired ? "restored" : "updated";
        var saved = await WriteAsync(connection, transaction, feed, (stored?.Revision ?? 0) + 1, change, now, by, null, cancellationToken);
        return new FeedSaveResult(saved, change);
    }

    private static async Task<StoredFeed> WriteAsync(DbConnection connection, DbTransaction transaction, FeedDefinition feed, int revision,
        string change, DateTimeOffset now, string by, DateTimeOffset? retiredAt, CancellationToken cancellationToken)
    {
        var values = new
        {
            id = feed.Id,
            name = feed.Name,
            owner = feed.Owner,
            contact = feed.Contact,
            kind = feed.Kind,
            every = feed.ExpectedEvery?.TotalSeconds,
            late = feed.LateAfter?.TotalSeconds,
            silent = feed.SilentAfter?.TotalSeconds,
            enabled = feed.Enabled,
            revision,
            change,
            now = now.UtcDateTime,
            by,
            retired = retiredAt?.UtcDateTime,
        };
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM feeds WHERE id = $id", new { id = feed.Id }, transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO feeds (id, name, owner, contact, kind, expected_every_s, late_after_s, silent_after_s, enabled, revision, updated_at,
                updated_by, retired_at)
            VALUES ($id, $name, $owner, $contact, $kind, $every, $late, $silent, $enabled, $revision, $now, $by, $retired)
            """, values, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO feed_versions (id, revision, change, name, owner, contact, kind, expected_every_s, late_after_s, silent_after_s, enabled,
                changed_at, changed_by)
            VALUES ($id, $revision, $change, $name, $owner, $contact, $kind, $every, $late, $silent, $enabled, $now, $by)
            """, values, transaction, cancellationToken: cancellationToken));
        return new StoredFeed(feed, revision, now, by, retiredAt);
    }

    private static async Task<StoredFeed?> FindCoreAsync(DbConnection connection, DbTransaction? transaction, string id,
        CancellationToken cancellationToken) =>
        (await ListCoreAsync(connection, transaction, cancellationToken, id)).SingleOrDefault();

    private static async Task<IReadOnlyList<StoredFeed>> ListCoreAsync(DbConnection connection, DbTransaction? transaction,
        CancellationToken cancellationToken, string? id = null)
    {
        var rows = await connection.QueryAsync<FeedRow>(new CommandDefinition($"""
            SELECT {Columns}, revision AS Revision, updated_at AS UpdatedAt, updated_by AS UpdatedBy, retired_at AS RetiredAt
            FROM feeds WHERE $id IS NULL OR id = $id ORDER BY id
            """, new { id }, transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new StoredFeed(r.ToDefinition(), r.Revision, Utc(r.UpdatedAt), r.UpdatedBy,
            r.RetiredAt is { } retired ? Utc(retired) : null))];
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private class SettingsRow
    {
        public string Id { get; init; } = "";

        public string Name { get; init; } = "";

        public string Owner { get; init; } = "";

        public string? Contact { get; init; }

        public string Kind { get; init; } = "";

        public double? ExpectedEverySeconds { get; init; }

        public double? LateAfterSeconds { get; init; }

        public double? SilentAfterSeconds { get; init; }

        public bool Enabled { get; init; }

        public int Revision { get; init; }

        public FeedDefinition ToDefinition() => new(Id, Name, Owner, Contact, Kind, Seconds(ExpectedEverySeconds), Seconds(LateAfterSeconds),
            Seconds(SilentAfterSeconds), Enabled);
    }

    private sealed class FeedRow : SettingsRow
    {
        public DateTime UpdatedAt { get; init; }

        public string UpdatedBy { get; init; } = "";

        public DateTime? RetiredAt { get; init; }
    }

    private sealed class VersionRow : SettingsRow
    {
        public string Change { get; init; } = "";

        public DateTime ChangedAt { get; init; }

        public string ChangedBy { get; init; } = "";
    }
}
