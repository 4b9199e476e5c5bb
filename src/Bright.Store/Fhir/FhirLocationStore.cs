using Bright.Store.Replication;
using Dapper;

namespace Bright.Store.Fhir;

/// <summary>What one feed's FHIR <c>Location/{ResourceId}</c> resolved to in BRIGHT's terms.</summary>
/// <param name="Source">The feed that sent it.</param>
/// <param name="ResourceId">The Location's logical id within that feed.</param>
/// <param name="Site">The site's ODS code.</param>
/// <param name="Path">The location path (<c>site</c>, <c>site/ward</c> or <c>site/ward/bed</c>).</param>
/// <param name="UpdatedAt">When the feed last sent it (UTC).</param>
public sealed record FhirLocation(string Source, string ResourceId, string Site, string Path, DateTimeOffset UpdatedAt);

/// <summary>
/// The <c>fhir_locations</c> table: FHIR Location resources a feed has sent, resolved to BRIGHT location
/// paths, so that a later resource referring to <c>Location/{id}</c> finds its place. Thread-safe. With an
/// <see cref="IRecordLog"/> (distributed mode) what a feed sends goes to the cluster's log, and every node stores
/// it through <see cref="ApplyAsync"/>, so an Encounter sent to any node finds a Location sent to another.
/// </summary>
public sealed class FhirLocationStore(BrightStore store, IRecordLog? log = null)
{
    /// <summary>
    /// Records (or replaces) what the feed's Locations resolved to; in distributed mode completes once the cluster's log
    /// has them and this node has stored them, so the next request to this node resolves them at once.
    /// </summary>
    /// <exception cref="Events.StoreWriteException">Distributed mode: the log is unreachable or this node did not apply them in time.</exception>
    public async Task SaveAsync(IReadOnlyList<FhirLocation> locations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(locations);
        if (locations.Count == 0)
        {
            return;
        }

        if (log is not null)
        {
            await log.AppendFhirLocationsAsync(locations, cancellationToken);
            return;
        }

        await WriteAsync(locations, cancellationToken);
    }

    /// <summary>
    /// Stores Locations read from the cluster's log. A Location already stored with a later time is kept, so applying
    /// an entry again, or late, never winds a Location back.
    /// </summary>
    public Task ApplyAsync(IReadOnlyList<FhirLocation> locations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(locations);
        return locations.Count == 0 ? Task.CompletedTask : WriteAsync(locations, cancellationToken);
    }

    /// <summary>The path <paramref name="source"/>'s <c>Location/{resourceId}</c> resolved to, or null when never sent.</summary>
    public async Task<string?> FindAsync(string source, string resourceId, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT path FROM fhir_locations WHERE source = $source AND resource_id = $resourceId",
            new { source, resourceId }, cancellationToken: cancellationToken));
    }

    private async Task WriteAsync(IReadOnlyList<FhirLocation> locations, CancellationToken cancellationToken)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        // Dapper runs the statement once per Location, all in the one transaction.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO fhir_locations (source, resource_id, site, path, updated_at)
            VALUES ($source, $resourceId, $site, $path, $at)
            ON CONFLICT (source, resource_id) DO UPDATE SET site = excluded.site, path = excluded.path, updated_at = excluded.updated_at
            WHERE excluded.updated_at >= fhir_locations.updated_at
            """, locations.Select(l => new { source = l.Source, resourceId = l.ResourceId, site = l.Site, path = l.Path, at = l.UpdatedAt.UtcDateTime }),
            transaction, cancellationToken: cancellationToken));
        transaction.Commit();
    }
}
