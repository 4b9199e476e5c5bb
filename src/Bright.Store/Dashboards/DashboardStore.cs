using Dapper;

namespace Bright.Store.Dashboards;

/// <summary>A stored dashboard document and who saved it.</summary>
/// <param name="Id">Its slug, e.g. <c>winter-surge-rq6</c>.</param>
/// <param name="Title">Its title.</param>
/// <param name="Scope"><c>personal</c>, <c>function</c> or <c>situation</c>.</param>
/// <param name="Audience">The clinical function or situation it is for; null for personal dashboards.</param>
/// <param name="Owner">The token name that saved it.</param>
/// <param name="Document">The validated document as JSON text.</param>
/// <param name="CreatedAt">When it was first saved (UTC).</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
public sealed record StoredDashboard(string Id, string Title, string Scope, string? Audience, string Owner, string Document,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The <c>dashboards</c> table. Validation is the caller's; this stores what it is given. Thread-safe.</summary>
public sealed class DashboardStore(BrightStore store, TimeProvider clock)
{
    private const string Columns = "id, title, scope, audience, owner, CAST(document AS VARCHAR) AS document, created_at, updated_at";

    /// <summary>Every stored dashboard, by id.</summary>
    public IReadOnlyList<StoredDashboard> List()
    {
        using var connection = store.OpenConnection();
        return [.. connection.Query<Row>($"SELECT {Columns} FROM dashboards ORDER BY id").Select(r => r.ToStored())];
    }

    /// <summary>Saves a new dashboard or replaces the one with the same id, keeping its creation time; returns what is stored.</summary>
    public Task<StoredDashboard> SaveAsync(string id, string title, string scope, string? audience, string owner, string document,
        CancellationToken cancellationToken = default) => SaveAsync(id, title, scope, audience, owner, document, clock.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Saves as <see cref="SaveAsync(string, string, string, string?, string, string, CancellationToken)"/> a change made at
    /// <paramref name="at"/> (UTC), so that every node of a cluster stores the same time for a change replicated to it.
    /// </summary>
    public async Task<StoredDashboard> SaveAsync(string id, string title, string scope, string? audience, string owner, string document,
        DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var now = at.UtcDateTime;
        using var connection = store.OpenConnection();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO dashboards (id, title, scope, audience, owner, document, created_at, updated_at)
            VALUES ($id, $title, $scope, $audience, $owner, $document, $now, $now)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, scope = excluded.scope, audience = excluded.audience,
                document = excluded.document, updated_at = excluded.updated_at
            """, new { id, title, scope, audience, owner, document, now }, cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM dashboards WHERE id = $id", new { id },
            cancellationToken: cancellationToken));
        return row.ToStored();
    }

    /// <summary>Deletes <paramref name="id"/>; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM dashboards WHERE id = $id", new { id },
            cancellationToken: cancellationToken)) > 0;
    }

    private sealed record Row(string Id, string Title, string Scope, string? Audience, string Owner, string Document, DateTime Created_At,
        DateTime Updated_At)
    {
        public StoredDashboard ToStored() => new(Id, Title, Scope, Audience, Owner, Document, Events.EventReader.Utc(Created_At),
            Events.EventReader.Utc(Updated_At));
    }
}
