using System.Security.Claims;
using System.Text.Json;
using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Store.Events;
using Bright.Store.Query;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// Self-service SQL: <c>POST /api/query</c>, saved queries under <c>/api/queries</c>, the data dictionary and the
/// query audit. Answers are negotiated by <c>Accept</c>; every query is audited.
/// </summary>
internal static class QueryEndpoints
{
    private const int MaxSqlChars = 100_000;

    public static void MapQueryEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/query", PostQueryAsync).RequireAuthorization(BrightPolicies.Query)
            .WithName("PostQuery").WithSummary("Run one read-only SQL statement on the de-identified snapshot");
        api.MapGet("/query/dictionary", () => TypedResults.Ok(QueryDictionary.Tables)).RequireAuthorization(BrightPolicies.Query)
            .WithSummary("The tables and columns analysts can query");
        api.MapGet("/query/audit", async (QueryAuditStore audit, int? limit, CancellationToken ct) =>
            TypedResults.Ok(await audit.RecentAsync(Math.Clamp(limit ?? 100, 1, 1000), ct))).RequireAuthorization(BrightPolicies.Administer)
            .WithSummary("The most recent self-service queries");

        var saved = api.MapGroup("/queries").RequireAuthorization(BrightPolicies.Query);
        saved.MapGet("/", async (SavedQueryStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        saved.MapGet("/{id:long}", GetSavedAsync);
        saved.MapPost("/", CreateSavedAsync);
        saved.MapPut("/{id:long}", UpdateSavedAsync);
        saved.MapDelete("/{id:long}", DeleteSavedAsync);
        saved.MapPost("/{id:long}/run", RunSavedAsync);
    }

    internal static async Task<IResult> PostQueryAsync(HttpContext context, QueryRunner runner, QueryAuditStore audit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (Negotiate(context) is not { } format)
        {
            return NotAcceptable(context);
        }

        var (body, problem) = await ReadBodyAsync(context, "POST /api/query takes { \"sql\": \"SELECT ...\", \"parameters\": { \"site\": \"RQ6\" } }",
            cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            var root = body!.RootElement;
            var errors = new List<string>();
            var sql = ReadString(root, "sql", required: true, MaxSqlChars, errors);
            var parameters = QueryParameters.Read(root.TryGetProperty("parameters", out var p) ? p : null, errors);
            if (errors.Count > 0)
            {
                return BadRequest("The query request is not valid", errors);
            }

            return await RunAsync(context, runner, audit, clock, sql!, parameters, null, format, cancellationToken);
        }
    }

    private static async Task<Results<Ok<SavedQuery>, ProblemHttpResult>> GetSavedAsync(long id, SavedQueryStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } query ? TypedResults.Ok(query) : NotFound(id);

    private static async Task<Results<Created<SavedQuery>, ProblemHttpResult>> CreateSavedAsync(HttpContext context, SavedQueryChanges changes,
        CancellationToken ct)
    {
        var (draft, problem) = await ReadDraftAsync(context, ct);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var saved = await changes.CreateAsync(draft!, Who(context.User), ct);
            return TypedResults.Created($"/api/queries/{saved.Id}", saved);
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }
    }

    private static async Task<Results<Ok<SavedQuery>, ProblemHttpResult>> UpdateSavedAsync(long id, HttpContext context, SavedQueryStore store,
        SavedQueryChanges changes, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } existing)
        {
            return NotFound(id);
        }

        if (!MayChange(context.User, existing))
        {
            return Forbidden(existing, "change");
        }

        var (draft, problem) = await ReadDraftAsync(context, ct);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return await changes.UpdateAsync(existing, draft!, ct) is { } updated ? TypedResults.Ok(updated) : NotFound(id);
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSavedAsync(long id, HttpContext context, SavedQueryStore store,
        SavedQueryChanges changes, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } existing)
        {
            return NotFound(id);
        }

        if (!MayChange(context.User, existing))
        {
            return Forbidden(existing, "delete");
        }

        try
        {
            await changes.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }
    }

    private static async Task<IResult> RunSavedAsync(long id, HttpContext context, SavedQueryStore store, QueryRunner runner, QueryAuditStore audit,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Negotiate(context) is not { } format)
        {
            return NotAcceptable(context);
        }

        if (await store.GetAsync(id, cancellationToken) is not { } saved)
        {
            return NotFound(id);
        }

        var parameters = new Dictionary<string, object?>(saved.Parameters, StringComparer.Ordinal);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await ReadBodyAsync(context, "POST /api/queries/{id}/run takes no body, or { \"parameters\": { \"site\": \"RQ6\" } }",
                cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            using (body)
            {
                var errors = new List<string>();
                var overrides = QueryParameters.Read(body!.RootElement.TryGetProperty("parameters", out var p) ? p : null, errors);
                if (errors.Count > 0)
                {
                    return BadRequest("The run request is not valid", errors);
                }

                foreach (var (name, value) in overrides)
                {
                    parameters[name] = value;
                }
            }
        }

        return await RunAsync(context, runner, audit, clock, saved.Sql, parameters, saved.Id, format, cancellationToken);
    }

    private static async Task<IResult> RunAsync(HttpContext context, QueryRunner runner, QueryAuditStore audit, TimeProvider clock, string sql,
        Dictionary<string, object?> parameters, long? savedQueryId, QueryFormat format, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var received = clock.GetTimestamp();
        var sites = context.User.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value).ToList();
        QueryAuditEntry Entry(QueryOutcomeKind outcome, double elapsedMs, QueryAnswer? answer = null, string? error = null) =>
            new(at, Who(context.User), savedQueryId, sql, QueryParameters.ToJson(parameters), format, outcome, answer?.RowCount, answer?.Truncated,
                elapsedMs, answer?.SnapshotAt, error);

        QueryRun run;
        try
        {
            run = await runner.RunAsync(new QueryRequest(sql, parameters, sites), format, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await audit.AddAsync(Entry(QueryOutcomeKind.Cancelled, clock.GetElapsedTime(received).TotalMilliseconds), CancellationToken.None);
            throw;
        }

        if (run.Failure is { } failure)
        {
            await audit.AddAsync(Entry(failure.Kind, run.ElapsedMs, error: failure.Message), CancellationToken.None);
            var extensions = new Dictionary<string, object?> { ["field"] = failure.Message.StartsWith("parameters", StringComparison.Ordinal) ? "parameters" : "sql" };
            if (failure.Line is { } line)
            {
                extensions["line"] = line;
                extensions["column"] = failure.Column;
            }

            var (status, title) = failure.Kind switch
            {
                QueryOutcomeKind.TimedOut => (StatusCodes.Status408RequestTimeout, "The query took too long"),
                QueryOutcomeKind.OutOfTempSpace => (StatusCodes.Status507InsufficientStorage, "The query needed too much temporary disk"),
                _ => (StatusCodes.Status400BadRequest, "The query was refused"),
            };
            return TypedResults.Problem(statusCode: status, title: title, detail: failure.Message, extensions: extensions);
        }

        var started = clock.GetTimestamp();
        return new AnswerResult(run.Answer!, async (outcome, error) =>
            await audit.AddAsync(Entry(outcome, run.ElapsedMs + clock.GetElapsedTime(started).TotalMilliseconds, run.Answer, error), CancellationToken.None));
    }

    /// <summary>Streams an answer with its facts in headers; audits once the last byte is written (or the caller left).</summary>
    private sealed class AnswerResult(QueryAnswer answer, Func<QueryOutcomeKind, string?, Task> audited) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await using (answer)
            {
                var response = httpContext.Response;
                response.ContentType = QueryMediaTypes.Of(answer.Format);
                response.Headers["X-Bright-Truncated"] = answer.Truncated ? "true" : "false";
                response.Headers["X-Bright-Snapshot-At"] = answer.SnapshotAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
                    System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["X-Bright-Row-Count"] = answer.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (answer.Format is QueryFormat.Csv or QueryFormat.Parquet)
                {
                    response.Headers.ContentDisposition = $"attachment; filename=\"query.{(answer.Format == QueryFormat.Csv ? "csv" : "parquet")}\"";
                }

                try
                {
                    await answer.WriteAsync(response.Body, httpContext.RequestAborted);
                }
                catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
                {
                    await audited(QueryOutcomeKind.Cancelled, "The caller disconnected before the answer was complete.");
                    return;
                }

                await audited(QueryOutcomeKind.Answered, null);
            }
        }
    }

    /// <summary>The answer format from <c>Accept</c>: highest quality first; none or <c>*/*</c> gives JSON; null when nothing offered fits.</summary>
    internal static QueryFormat? Negotiate(HttpContext context)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return QueryFormat.Json;
        }

        foreach (var range in accept.OrderByDescending(a => a.Quality ?? 1.0))
        {
            if (range.Quality == 0)
            {
                continue;
            }

            if (range.MatchesAllTypes || (range.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && range.MatchesAllSubTypes))
            {
                return QueryFormat.Json;
            }

            if (range.Type.Equals("text", StringComparison.OrdinalIgnoreCase) && range.MatchesAllSubTypes)
            {
                return QueryFormat.Csv;
            }

            foreach (var (mediaType, format) in QueryMediaTypes.All)
            {
                if (range.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
                {
                    return format;
                }
            }
        }

        return null;
    }

    private static ProblemHttpResult NotAcceptable(HttpContext context) => TypedResults.Problem(statusCode: StatusCodes.Status406NotAcceptable,
        title: "No answer format fits the Accept header",
        detail: $"Accept: '{context.Request.Headers.Accept}' matches none of {string.Join(", ", QueryMediaTypes.All.Select(m => m.MediaType))}.",
        extensions: new Dictionary<string, object?> { ["field"] = "Accept" });

    private static async Task<(JsonDocument? Body, ProblemHttpResult? Problem)> ReadBodyAsync(HttpContext context, string shape, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 16 }, ct);
        }
        catch (JsonException ex)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not JSON",
                detail: $"The body is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}; {shape}."));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body must be a JSON object", detail: shape + "."));
        }

        return (document, null);
    }

    private static async Task<(SavedQueryDraft? Draft, ProblemHttpResult? Problem)> ReadDraftAsync(HttpContext context, CancellationToken ct)
    {
        var (body, problem) = await ReadBodyAsync(context,
            "a saved query is { \"name\": \"...\", \"description\": \"...\", \"sql\": \"SELECT ...\", \"parameters\": { \"site\": \"RQ6\" } }", ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        using (body)
        {
            var root = body!.RootElement;
            var errors = new List<string>();
            var name = ReadString(root, "name", required: true, 200, errors);
            var description = ReadString(root, "description", required: false, 2000, errors);
            var sql = ReadString(root, "sql", required: true, MaxSqlChars, errors);
            var parameters = QueryParameters.Read(root.TryGetProperty("parameters", out var p) ? p : null, errors);
            if (sql is not null)
            {
                var check = SqlStatementCheck.Check(sql);
                if (!check.IsAccepted)
                {
                    errors.Add("sql: " + check.Error);
                }
                else
                {
                    errors.AddRange(parameters.Keys.Where(k => !check.Parameters.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal)
                        .Select(k => $"parameters.{k}: not used in the SQL."));
                }
            }

            return errors.Count > 0
                ? (null, BadRequest("The saved query is not valid", errors))
                : (new SavedQueryDraft(name!, description, sql!, parameters), null);
        }
    }

    private static string? ReadString(JsonElement root, string field, bool required, int maxLength, List<string> errors)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add($"{field}: is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{field}: must be a string (was {value.ValueKind.ToString().ToLowerInvariant()}).");
            return null;
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"{field}: must not be empty.");
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add($"{field}: is {text.Length} characters; at most {maxLength} are accepted.");
            return null;
        }

        return text;
    }

    private static ProblemHttpResult BadRequest(string title, List<string> errors) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: title, detail: string.Join(" ", errors), extensions: new Dictionary<string, object?>
        {
            ["errors"] = errors,
            ["field"] = errors[0][..errors[0].IndexOf(':', StringComparison.Ordinal)],
        });

    private static ProblemHttpResult NotFound(long id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "No such saved query", detail: $"There is no saved query {id}; GET /api/queries lists them.");

    private static ProblemHttpResult Forbidden(SavedQuery query, string action) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden", detail: $"Saved query {query.Id} belongs to '{query.Owner}'; only its owner or an administrator may {action} it.");

    private static bool MayChange(ClaimsPrincipal user, SavedQuery query) =>
        user.IsInRole(nameof(BrightRole.Administrator)) || string.Equals(Who(user), query.Owner, StringComparison.Ordinal);

    private static string Who(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "unknown";
}
