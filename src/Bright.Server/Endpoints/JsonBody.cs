using System.Text.Json;
using Bright.Server.Kpis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>Reads a JSON body into a type, turning every way it can be wrong into a 400 naming the field.</summary>
internal static class JsonBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, string what, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, KpiJson.Options, cancellationToken);
            return value is null
                ? (null, Invalid(what, [("$", "the body must be a JSON object, not null")]))
                : (value, null);
        }
        catch (JsonException ex) when (IsTypeError(ex))
        {
            var field = Field(ex.Path ?? "$");
            var reason = field == "$" ? "the body must be a JSON object" : Expected(ex.Message);
            return (null, Invalid(what, [(field, $"{reason} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})")]));
        }
        catch (JsonException ex)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not JSON",
                detail: $"The body is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}; send {what} as a JSON object."));
        }
    }

    /// <summary>400 with <c>errors</c> keyed by field (ASP.NET Core's validation problem shape) and every error in <c>detail</c>.</summary>
    public static ProblemHttpResult Invalid(string what, IReadOnlyList<(string Field, string Reason)> errors)
    {
        var problem = new HttpValidationProblemDetails(errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray(), StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = $"The {what} is not valid",
            Detail = string.Join("\n", errors.Select(e => $"{e.Field}: {e.Reason}")),
        };
        return TypedResults.Problem(problem);
    }

    // System.Text.Json reports a value of the wrong type with the target type's name and the JSON path.
    private static bool IsTypeError(JsonException ex) => ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);

    private static string Field(string path)
    {
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "$" : field;
    }

    private static string Expected(string message) => message switch
    {
        _ when message.Contains("System.DateOnly", StringComparison.Ordinal) => "must be a date written yyyy-MM-dd",
        _ when message.Contains("System.Double", StringComparison.Ordinal) => "must be a number",
        _ when message.Contains("System.Int32", StringComparison.Ordinal) => "must be a whole number",
        _ when message.Contains("System.Boolean", StringComparison.Ordinal) => "must be true or false",
        _ when message.Contains("System.String", StringComparison.Ordinal) => "must be a string",
        _ when message.Contains("IReadOnlyList", StringComparison.Ordinal) => "must be an array",
        _ => "has the wrong type",
    };
}
