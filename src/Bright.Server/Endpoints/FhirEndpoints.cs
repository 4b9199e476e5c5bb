using System.Security.Claims;
using System.Text;
using Bright.Pipelines.Fhir;
using Bright.Pipelines.Ingestion;
using Bright.Server.Auth;
using Bright.Store.Events;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Bright.Server.Endpoints;

/// <summary>
/// <c>POST /api/fhir</c>: a FHIR R4 Bundle (batch or transaction) or a single Encounter, Location or
/// Observation, in JSON or XML, answered in the same format with an OperationOutcome per resource.
/// </summary>
internal static class FhirEndpoints
{
    public static void MapFhirEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/fhir", PostFhirAsync)
            .RequireAuthorization(BrightPolicies.Ingest)
            .WithName("PostFhir")
            .WithSummary("Ingest a FHIR R4 Bundle, Encounter, Location or Observation");
    }

    internal static async Task<IResult> PostFhirAsync(HttpContext context, FhirIngestion ingestion, IOptions<IngestOptions> options,
        CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBodyBytes;
        var accept = FhirFormat.Json;
        if (context.Request.ContentLength > limit)
        {
            return Answer(413, TooLarge(limit), accept);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Answer(413, TooLarge(limit), accept);
        }

        if (!FhirMediaTypes.TryRead(context.Request.ContentType, body, out var format))
        {
            var outcome = Outcome($"Content-Type '{context.Request.ContentType}' is not FHIR; send {FhirMediaTypes.Json} or {FhirMediaTypes.Xml}"
                + " (plain JSON or XML media types are taken too). Nothing was stored.", OperationOutcome.IssueType.NotSupported);
            return Answer(415, outcome, accept);
        }

        var sites = context.User.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var source = context.User.FindFirstValue(ClaimTypes.Name) ?? "fhir";
        try
        {
            var answer = await ingestion.IngestAsync(body, format, source, sites.Count > 0 ? sites : null, cancellationToken);
            return Answer(answer.StatusCode, answer.Resource, format);
        }
        catch (StoreWriteException ex)
        {
            return Answer(503, Outcome($"{ex.Message} Nothing of the valid resources was stored; resend the same body (duplicates are recognised).",
                OperationOutcome.IssueType.Transient), format);
        }
    }

    private static OperationOutcome TooLarge(long limit) =>
        Outcome($"The body is over {limit} bytes (Bright:Ingest:MaxBodyBytes); split it into smaller Bundles. Nothing was stored.",
            OperationOutcome.IssueType.TooLong);

    private static OperationOutcome Outcome(string text, OperationOutcome.IssueType type) => new()
    {
        Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = type, Diagnostics = text }],
    };

    private static IResult Answer(int status, Resource resource, FhirFormat format) =>
        Results.Text(FhirIngestion.Serialize(resource, format), FhirMediaTypes.Of(format), Encoding.UTF8, status);
}
