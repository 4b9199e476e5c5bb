using System.Security.Claims;
using System.Text.Json;
using Bright.Server.Auth;
using Bright.Server.Jobs;
using Bright.Store;
using Bright.Store.Query;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// <c>/api/queries/{id}/schedule</c>: a saved query exported on a schedule (five-field cron, UK local time) to
/// the export folder, by a Hangfire recurring job.
/// </summary>
internal static class QueryScheduleEndpoints
{
    private static readonly Dictionary<string, QueryFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csv"] = QueryFormat.Csv,
        ["json"] = QueryFormat.Json,
        ["arrow"] = QueryFormat.Arrow,
        ["parquet"] = QueryFormat.Parquet,
    };

    public static void MapQueryScheduleEndpoints(this IEndpointRouteBuilder api)
    {
        var schedule = api.MapGroup("/queries/{id:long}/schedule").RequireAuthorization(BrightPolicies.Query);
        schedule.MapGet("/", GetAsync);
        schedule.MapPut("/", PutAsync);
        schedule.MapDelete("/", DeleteAsync);
    }

    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> GetAsync(long id, QueryScheduleStore schedules, QueryOptions options,
        StoreOptions store, CancellationToken ct) =>
        await schedules.GetAsync(id, ct) is { } s
            ? TypedResults.Ok(ScheduleView.Of(s, options, store))
            : Problem(StatusCodes.Status404NotFound, "No schedule", $"Saved query {id} has no export schedule; PUT one with {{ \"cron\": \"0 7 * * 1\", \"format\": \"csv\" }}.");

    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> PutAsync(long id, HttpContext context, SavedQueryStore saved,
        QueryScheduleStore schedules, IRecurringJobManager jobs, QueryOptions options, StoreOptions store, TimeProvider clock, CancellationToken ct)
    {
        if (await saved.GetAsync(id, ct) is not { } query)
        {
            return Problem(StatusCodes.Status404NotFound, "No such saved query", $"There is no saved query {id}; GET /api/queries lists them.");
        }

        var user = context.User;
        if (!user.IsInRole(nameof(BrightRole.Administrator)) && !string.Equals(user.FindFirstValue(ClaimTypes.Name), query.Owner, StringComparison.Ordinal))
        {
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", $"Saved query {id} belongs to '{query.Owner}'; only its owner or an administrator may schedule it.");
        }

        if (user.HasClaim(c => c.Type == LocalTokenAuthenticationHandler.SitesClaim))
        {
            return Problem(StatusCodes.Status403Forbidden, "Forbidden",
                "A token limited to some sites may not schedule exports: a schedule runs on the whole trust's de-identified data.");
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "The body is not JSON",
                $"The body is not valid JSON at line {ex.LineNumber + 1}: send {{ \"cron\": \"0 7 * * 1\", \"format\": \"csv\" }}.");
        }

        using (body)
        {
            var errors = new List<string>();
            var cron = Text(body.RootElement, "cron");
            var formatText = Text(body.RootElement, "format") ?? "csv";
            if (cron is null)
            {
                errors.Add("cron: is required, five fields in UK local time, e.g. '0 7 * * 1' for 07:00 every Monday.");
            }

            if (!Formats.TryGetValue(formatText, out var format))
            {
                errors.Add($"format: '{formatText}' is not one of csv, json, arrow, parquet.");
            }

            if (errors.Count > 0)
            {
                return Problem(StatusCodes.Status400BadRequest, "The schedule is not valid", string.Join('\n', errors));
            }

            var schedule = new QuerySchedule(id, cron!, format, query.Owner, clock.GetUtcNow());
            try
            {
                // Hangfire parses the expression as it registers the job: a bad one is refused before anything is stored.
                QueryExportJob.Schedule(jobs, schedule);
            }
            catch (ArgumentException ex)
            {
                return Problem(StatusCodes.Status400BadRequest, "The schedule is not valid",
                    $"cron: '{cron}' is not a five-field cron expression such as '0 7 * * 1' ({ex.Message.Split('\n')[0].Trim()}).");
            }

            await schedules.SetAsync(schedule, ct);
            return TypedResults.Ok(ScheduleView.Of(schedule, options, store));
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, ClaimsPrincipal user, SavedQueryStore saved,
        QueryScheduleStore schedules, IRecurringJobManager jobs, CancellationToken ct)
    {
        if (await saved.GetAsync(id, ct) is { } query && !user.IsInRole(nameof(BrightRole.Administrator))
            && !string.Equals(user.FindFirstValue(ClaimTypes.Name), query.Owner, StringComparison.Ordinal))
        {
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", $"Saved query {id} belongs to '{query.Owner}'; only its owner or an administrator may unschedule it.");
        }

        jobs.RemoveIfExists(QueryExportJob.IdFor(id));
        return await schedules.RemoveAsync(id, ct)
            ? TypedResults.NoContent()
            : Problem(StatusCodes.Status404NotFound, "No schedule", $"Saved query {id} has no export schedule.");
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    internal sealed record ScheduleView(long SavedQueryId, string Cron, string Format, string Owner, DateTimeOffset CreatedAt, string Folder)
    {
        public static ScheduleView Of(QuerySchedule s, QueryOptions options, StoreOptions store) =>
            new(s.SavedQueryId, s.Cron, s.Format.ToString().ToLowerInvariant(), s.Owner, s.CreatedAt, QueryExportJob.Folder(options, store));
    }
}
