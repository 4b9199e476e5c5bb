using Dapper;

namespace Bright.Store.Fhir;

/// <summary>
/// The <c>fhir_locations</c> table: FHIR Location resources a feed has sent, resolved to BRIGHT location
/// paths, so that a later resource referring to <c>Location/{id}</c> finds its place. Thread-safe.
/// </summary>
public sealed class FhirLocationStore(BrightStore store)
{
    /// <summary>Records (or replaces) what <paramref name="source"/>'s <c>Location/{resourceId}</c> resolved to.</summary>
    public async Task SaveAsync(string source, string resourceId, string site, string path, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT OR REPLACE INTO fhir_locations (source, resource_id, site, path, updated_at)
            VALUES ($source, $resourceId, $site, $path, $at)
            """, new { source, resourceId, site, path, at = at.UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>The path <paramref name="source"/>'s <c>Location/{resourceId}</c> resolved to, or null when never sent.</summary>
    public async Task<string?> FindAsync(string source, string resourceId, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT path FROM fhir_locations WHERE source = $source AND resource_id = $resourceId",
            new { source, resourceId }, cancellationToken: cancellationToken));
    }
}
