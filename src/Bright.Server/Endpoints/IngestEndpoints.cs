using Bright.Pipelines.Ingestion;
using Bright.Server.Auth;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;

namespace Bright.Server.Endpoints;

/// <summary>Feed health for administrators and feed owners: timeliness, dead letters and data-quality flags.</summary>
internal static class IngestEndpoints
{
    public static void MapIngestEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/ingest", (IngestMonitor monitor) => TypedResults.Ok(new { day = monitor.Day, rows = monitor.Snapshot() }))
            .RequireAuthorization(BrightPolicies.Read);
        api.MapGet("/ingest/dead-letters", async (DeadLetterStore store, string? source, int? offset, int? limit, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(source, Math.Max(offset ?? 0, 0), Math.Clamp(limit ?? 100, 1, 1000), ct)).Letters))
            .RequireAuthorization(BrightPolicies.Ingest);
        api.MapGet("/ingest/data-quality", async (DataQualityStore store, int? limit, CancellationToken ct) =>
            TypedResults.Ok(await store.RecentAsync(Math.Clamp(limit ?? 100, 1, 1000), ct)))
            .RequireAuthorization(BrightPolicies.Ingest);
    }
}
