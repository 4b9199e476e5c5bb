using Dapper;

namespace Bright.Store.Query;

/// <summary>A saved self-service query.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Name">A short name for lists and tiles.</param>
/// <param name="Description">What it answers; may be null.</param>
/// <param name="Sql">One read-only statement; <c>$name</c> for parameters.</param>
/// <param name="Parameters">Default values of its parameters; a run may override them.</param>
/// <param name="Owner">The token name that saved it; only the owner or an administrator changes or deletes it.</param>
/// <param name="CreatedAt">When it was saved (UTC).</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
public sealed record SavedQuery(long Id, string Name, string? Description, string Sql, IReadOnlyDictionary<string, object?> Parameters, string Owner,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>What a caller sends to save or change a query.</summary>
/// <param name="Name">A short name, 1 to 200 characters.</param>
/// <param name="Description">Optional, up to 2,000 characters.</param>
/// <param name="Sql">One read-only statement.</param>
/// <param name="Parameters">Default parameter values.</param>
public sealed record SavedQueryDraft(string Name, string? Description, string Sql, IReadOnlyDictionary<string, object?> Parameters);

/// <summary>
/// The <c>saved_queries</c> table. Thread-safe. The embedded mode numbers new queries itself; in distributed mode the
/// cluster numbers them (so an id means the same query on every node) and every node stores them through
/// <see cref="ApplySaveAsync"/> and <see cref="DeleteAsync"/>.
/// </summary>
public sealed class SavedQueryStore(BrightStore store, TimeProvider clock)
{
    private const string Columns = "id, name, description, sql, CAST(parameters AS VARCHAR) AS parameters, owner, created_at, updated_at";

    /// <summary>Every saved query, by name.</summary>
    public async Task<IReadOnlyList<SavedQuery>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM saved_queries ORDER BY name, id",
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSavedQuery())];
    }

    /// <summary>The saved query <paramref name="id"/>, or null.</summary>
    public async Task<SavedQuery?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM saved_queries WHERE id = $id",
            new { id }, cancellationToken: cancellationToken));
        return row?.ToSavedQuery();
    }

    /// <summary>Saves <paramref name="draft"/> owned by <paramref name="owner"/>.</summary>
    public async Task<SavedQuery> CreateAsync(SavedQueryDraft draft, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var now = clock.GetUtcNow().UtcDateTime;
        using var connection = store.OpenConnection();
        // Past any id the cluster gave while this store was a replica, so a node back in the embedded mode never reuses one.
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO saved_queries (id, name, description, sql, parameters, owner, created_at, updated_at)
            VALUES (greatest(nextval('saved_query_id'), (SELECT coalesce(max(id), 0) + 1 FROM saved_queries)),
                $name, $description, $sql, $parameters, $owner, $now, $now) RETURNING id
            """, new { draft.Name, draft.Description, draft.Sql, parameters = QueryParameters.ToJson(draft.Parameters), owner, now },
            cancellationToken: cancellationToken));
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>Replaces the name, description, SQL and parameters of <paramref name="id"/>; null when it does not exist.</summary>
    public async Task<SavedQuery?> UpdateAsync(long id, SavedQueryDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        using var connection = store.OpenConnection();
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE saved_queries SET name = $name, description = $description, sql = $sql, parameters = $parameters, updated_at = $now
            WHERE id = $id
            """, new { id, draft.Name, draft.Description, draft.Sql, parameters = QueryParameters.ToJson(draft.Parameters), now = clock.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken));
        return changed == 0 ? null : await GetAsync(id, cancellationToken);
    }

    /// <summary>Deletes <paramref name="id"/> and its export schedule; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM query_schedules WHERE saved_query_id = $id", new { id }, transaction,
            cancellationToken: cancellationToken));
        var deleted = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM saved_queries WHERE id = $id", new { id }, transaction,
            cancellationToken: cancellationToken)) > 0;
        transaction.Commit();
        return deleted;
    }

    /// <summary>
    /// Stores <paramref name="query"/> under its own id as read from the cluster's log: created, or replaced whole.
    /// Applying the same change again leaves it as it was. Answers what is stored.
    /// </summary>
    public async Task<SavedQuery> ApplySaveAsync(SavedQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using (var connection = store.OpenConnection())
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO saved_queries (id, name, description, sql, parameters, owner, created_at, updated_at)
                VALUES ($id, $name, $description, $sql, $parameters, $owner, $createdAt, $updatedAt)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, sql = excluded.sql,
                    parameters = excluded.parameters, owner = excluded.owner, created_at = excluded.created_at, updated_at = excluded.updated_at
                """, new
            {
                query.Id,
                query.Name,
                query.Description,
                query.Sql,
                parameters = QueryParameters.ToJson(query.Parameters),
                query.Owner,
                createdAt = query.CreatedAt.UtcDateTime,
                updatedAt = query.UpdatedAt.UtcDateTime,
            }, cancellationToken: cancellationToken));
        }

        return (await GetAsync(query.Id, cancellationToken))!;
    }

    /// <summary>The highest id stored, 0 when there is none; the cluster numbers new queries past it.</summary>
    public async Task<long> MaxIdAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT coalesce(max(id), 0) FROM saved_queries",
            cancellationToken: cancellationToken));
    }

    private sealed record Row(long Id, string Name, string? Description, string Sql, string Parameters, string Owner, DateTime Created_At, DateTime Updated_At)
    {
        public SavedQuery ToSavedQuery() => new(Id, Name, Description, Sql, QueryParameters.FromJson(Parameters), Owner,
            Events.EventReader.Utc(Created_At), Events.EventReader.Utc(Updated_At));
    }
}
