using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Server.Opel;
using Bright.Store.Events;
using Bright.Store.Opel;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// The OPEL table as versioned configuration (DOMAIN.md §3): the version in force, every version with who saved it,
/// when and why, and saving a new version (administrators), which takes effect on its <c>validFrom</c> date.
/// </summary>
internal static class OpelEndpoints
{
    public static void MapOpelEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/opel/table", (OpelTables tables) => TypedResults.Ok(Answer(tables.InForce(), inForce: true)))
            .RequireAuthorization(BrightPolicies.Read).WithName("GetOpelTable");
        api.MapGet("/opel/table/versions", (OpelTables tables) =>
        {
            var inForce = tables.InForce().Number;
            return TypedResults.Ok(new OpelTableVersionsAnswer(inForce, [.. tables.Versions.Select(v => Answer(v, v.Number == inForce))]));
        }).RequireAuthorization(BrightPolicies.Read).WithName("GetOpelTableVersions");
        api.MapPut("/opel/table", PutAsync).RequireAuthorization(BrightPolicies.Administer).WithName("PutOpelTable");
    }

    private static async Task<Results<Created<OpelTableAnswer>, ProblemHttpResult>> PutAsync(HttpRequest request, HttpContext http, OpelTables tables,
        AdministrativeChanges administration, CancellationToken cancellationToken)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not JSON",
                detail: $"The body is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}; send the OPEL table as a JSON object.");
        }

        if (node is not JsonObject body)
        {
            return JsonBody.Invalid("OPEL table", [("$", "the body must be a JSON object: the OPEL table with a change note")]);
        }

        var by = http.User.FindFirstValue(ClaimTypes.Name) ?? http.User.FindFirstValue(ClaimTypes.Role) ?? "unknown";
        OpelTableVersion? saved;
        IReadOnlyList<(string Field, string Reason)> errors;
        try
        {
            (saved, errors) = await administration.SaveOpelTableAsync(body, by, cancellationToken);
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }

        if (saved is null)
        {
            return JsonBody.Invalid("OPEL table", errors);
        }

        return TypedResults.Created("/api/opel/table/versions", Answer(saved, tables.InForce().Number == saved.Number));
    }

    private static OpelTableAnswer Answer(OpelTableVersion v, bool inForce) =>
        new(v.Number, v.Version, v.Label, v.EffectiveFrom, v.SavedBy, v.SavedAt, v.Note, inForce, OpelTables.Document(v));
}

/// <summary>One version of the OPEL table: <c>table</c> is the document as saved.</summary>
internal sealed record OpelTableAnswer(int Number, string Version, string Label, DateOnly EffectiveFrom, string SavedBy, DateTimeOffset SavedAt,
    string Note, bool InForce, JsonElement Table);

/// <summary><c>GET /api/opel/table/versions</c>: every version in the order saved, and the number of the one in force.</summary>
internal sealed record OpelTableVersionsAnswer(int InForce, IReadOnlyList<OpelTableAnswer> Versions);
