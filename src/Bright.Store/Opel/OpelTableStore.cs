using System.Globalization;
using Bright.Store.Replication;
using Dapper;

namespace Bright.Store.Opel;

/// <summary>
/// The OPEL table's versions (<c>opel_table_version</c>): appended, never updated or deleted, so the table is its
/// own audit. The document is kept as JSON; Analytics reads it. Thread-safe.
/// </summary>
public sealed class OpelTableStore(BrightStore store)
{
    /// <summary>Every version in the order saved.</summary>
    public async Task<IReadOnlyList<OpelTableVersion>> ReadVersionsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT number, version, label, strftime(effective_from, '%Y-%m-%d') AS effective_from, document::VARCHAR AS document, saved_by,
                saved_at, note
            FROM opel_table_version ORDER BY number
            """, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToVersion())];
    }

    /// <summary>
    /// Stores <paramref name="version"/> as the first version when there is none yet (its number is ignored); true when
    /// it was stored, false when versions exist already.
    /// </summary>
    public Task<bool> SeedAsync(NewOpelTableVersion version, CancellationToken cancellationToken = default) =>
        InsertAsync(version, onlyIfEmpty: true, null, cancellationToken);

    /// <summary>
    /// Appends <paramref name="version"/> with the next number; false (and nothing stored) when its
    /// <see cref="NewOpelTableVersion.Version"/> is already taken.
    /// </summary>
    public Task<bool> AddAsync(NewOpelTableVersion version, CancellationToken cancellationToken = default) =>
        InsertAsync(version, onlyIfEmpty: false, null, cancellationToken);

    /// <summary>
    /// Appends a version read from the cluster's log at <paramref name="logKey"/> (see <see cref="AddAsync"/>); false,
    /// storing nothing, when its version is already taken or that change was applied before.
    /// </summary>
    public Task<bool> ApplyAsync(string logKey, NewOpelTableVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logKey);
        return InsertAsync(version, onlyIfEmpty: false, logKey, cancellationToken);
    }

    private async Task<bool> InsertAsync(NewOpelTableVersion version, bool onlyIfEmpty, string? logKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        if (logKey is not null && !await ReplicatedChanges.ClaimAsync(connection, transaction, logKey, ReplicatedChanges.OpelTable, version.SavedAt,
            cancellationToken))
        {
            return false;
        }

        var inserted = await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO opel_table_version (number, version, label, effective_from, document, saved_by, saved_at, note)
            SELECT coalesce((SELECT max(number) FROM opel_table_version), 0) + 1, $version, $label, CAST($effectiveFrom AS DATE),
                $document, $savedBy, $savedAt, $note
            WHERE NOT EXISTS (SELECT 1 FROM opel_table_version WHERE {(onlyIfEmpty ? "true" : "version = $version")})
            """, new
        {
            version = version.Version,
            label = version.Label,
            effectiveFrom = version.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            document = version.Document,
            savedBy = version.SavedBy,
            savedAt = version.SavedAt.UtcDateTime,
            note = version.Note,
        }, transaction, cancellationToken: cancellationToken));
        transaction.Commit();
        return inserted == 1;
    }

    private sealed record Row(int Number, string Version, string Label, string Effective_From, string Document, string Saved_By, DateTime Saved_At,
        string Note)
    {
        public OpelTableVersion ToVersion() => new(Number, Version, Label, DateOnly.ParseExact(Effective_From, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Document, Saved_By, new DateTimeOffset(DateTime.SpecifyKind(Saved_At, DateTimeKind.Utc)), Note);
    }
}

/// <summary>A stored version of the OPEL table.</summary>
/// <param name="Number">1, 2, ... in the order saved.</param>
/// <param name="Version">The document's version, unique; stamped on every level it scores.</param>
/// <param name="Label">Its label, e.g. "indicative".</param>
/// <param name="EffectiveFrom">The first local (Europe/London) date it is in force.</param>
/// <param name="Document">The whole table as JSON.</param>
/// <param name="SavedBy">Who saved it (the token's name, or <c>system</c> for the shipped table).</param>
/// <param name="SavedAt">When (UTC).</param>
/// <param name="Note">Why it changed.</param>
public sealed record OpelTableVersion(int Number, string Version, string Label, DateOnly EffectiveFrom, string Document, string SavedBy,
    DateTimeOffset SavedAt, string Note);

/// <summary>A version of the OPEL table to store; the store gives it its number.</summary>
/// <param name="Version">The document's version, unique.</param>
/// <param name="Label">Its label.</param>
/// <param name="EffectiveFrom">The first local date it is in force.</param>
/// <param name="Document">The whole table as JSON.</param>
/// <param name="SavedBy">Who saved it.</param>
/// <param name="SavedAt">When (UTC).</param>
/// <param name="Note">Why it changed.</param>
public sealed record NewOpelTableVersion(string Version, string Label, DateOnly EffectiveFrom, string Document, string SavedBy, DateTimeOffset SavedAt,
    string Note);
