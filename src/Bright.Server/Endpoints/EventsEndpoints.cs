using System.Security.Claims;
using System.Text.Json;
using Bright.Pipelines.Ingestion;
using Bright.Server.Auth;
using Bright.Store.Events;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bright.Server.Endpoints;

/// <summary><c>POST /api/events</c>: canonical events in JSON, answered once the accepted ones are durable.</summary>
internal static class EventsEndpoints
{
    public static void MapEventsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/events", PostEventsAsync)
            .RequireAuthorization(BrightPolicies.Ingest)
            .WithName("PostEvents")
            .WithSummary("Ingest a JSON array of canonical events");
    }

    internal static async Task<Results<Ok<BatchOutcome>, ProblemHttpResult>> PostEventsAsync(HttpContext context, EventBatchIngestion ingestion,
        IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 16 }, cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not JSON",
                detail: $"The body is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}; send a JSON array of events. Nothing was stored.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body must be a JSON array",
                    detail: "POST /api/events takes a JSON array of canonical events, e.g. [{\"eventId\":\"...\",...}]; a single object must be wrapped in [ ]. Nothing was stored.");
            }

            var sites = context.User.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            var source = context.User.FindFirstValue(ClaimTypes.Name) ?? "http";
            try
            {
                var outcome = await ingestion.IngestAsync(document.RootElement, source, sites.Count > 0 ? sites : null, "http", cancellationToken);
                return TypedResults.Ok(outcome);
            }
            catch (StoreWriteException ex)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The store could not commit",
                    detail: $"{ex.Message} Nothing of the valid records was stored; retry the same batch (duplicates are recognised).");
            }
        }
    }

    private static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The body is too large",
        detail: $"The body is over {limit} bytes (Bright:Ingest:MaxBodyBytes); split it into smaller batches. Nothing was stored.");
}
