using System.Security.Claims;
using System.Text.Json;
using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Server.Jobs;
using Bright.Store;
using Bright.Store.Events;
using Bright.Store.Query;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// <c>/api/queries/{id}/schedule</c>: a saved query exported on a schedule (five-field cron, UK local time) to
/// the export folder, or as an e-mail-ready message to the outbox (<c>"target": "email"</c> with
/// <c>"recipients"</c>), by a Hangfire recurring job.
/// </summary>
internal static class QueryScheduleEndpoints
{
    private const int MaxRecipients = 50;

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
        StoreOptions store, QueryOutbox outbox, CancellationToken ct) =>
        await schedules.GetAsync(id, ct) is { } s
            ? TypedResults.Ok(ScheduleView.Of(s, options, store, outbox))
            : Problem(StatusCodes.Status404NotFound, "No schedule", $"Saved query {id} has no export schedule; PUT one with {{ \"cron\": \"0 7 * * 1\", \"format\": \"csv\" }}.");

    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> PutAsync(long id, HttpContext context, SavedQueryStore saved,
        SavedQueryChanges changes, QueryOptions options, StoreOptions store, QueryOutbox outbox, TimeProvider clock,
        CancellationToken ct)
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

            var target = ReadTarget(body.RootElement, errors);
            var recipients = ReadRecipients(body.RootElement, target, errors);
            if (errors.Count > 0)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The schedule is not valid", detail: string.Join('\n', errors),
                    extensions: new Dictionary<string, object?>
                    {
                        ["errors"] = errors,
                        ["field"] = errors[0][..errors[0].IndexOf(':', StringComparison.Ordinal)],
                    });
            }

            var schedule = new QuerySchedule(id, cron!, format, query.Owner, clock.GetUtcNow(), target, recipients);
            try
            {
                // Hangfire parses the expression as it registers the job: a bad one is refused before anything is stored.
                await changes.SetScheduleAsync(schedule, ct);
            }
            catch (ArgumentException ex)
            {
                return Problem(StatusCodes.Status400BadRequest, "The schedule is not valid",
                    $"cron: '{cron}' is not a five-field cron expression such as '0 7 * * 1' ({ex.Message.Split('\n')[0].Trim()}).");
            }
            catch (StoreWriteException ex)
            {
                return AdministrativeChanges.Unavailable(ex);
            }

            return TypedResults.Ok(ScheduleView.Of(schedule, options, store, outbox));
        }
    }

    private static QueryExportTarget ReadTarget(JsonElement root, List<string> errors)
    {
        if (!root.TryGetProperty("target", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return QueryExportTarget.Folder;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        switch (text)
        {
            case "folder":
                return QueryExportTarget.Folder;
            case "email":
                return QueryExportTarget.Email;
            default:
                errors.Add($"target: '{text}' is not one of folder, email.");
                return QueryExportTarget.Folder;
        }
    }

    /// <summary>The recipients of an e-mail schedule, each a single address with a domain (RFC 5322, as MimeKit parses it).</summary>
    private static List<string> ReadRecipients(JsonElement root, QueryExportTarget target, List<string> errors)
    {
        var recipients = new List<string>();
        var given = root.TryGetProperty("recipients", out var value) && value.ValueKind != JsonValueKind.Null;
        if (target == QueryExportTarget.Folder)
        {
            if (given)
            {
                errors.Add("recipients: only an e-mail schedule has recipients; send \"target\": \"email\" or leave them out.");
            }

            return recipients;
        }

        if (!given || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            errors.Add("recipients: an e-mail schedule needs a list of addresses, e.g. [\"ops.lead@nhs.net\"].");
            return recipients;
        }

        if (value.GetArrayLength() > MaxRecipients)
        {
            errors.Add($"recipients: at most {MaxRecipients} addresses (was {value.GetArrayLength()}).");
            return recipients;
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()!.Trim() : item.GetRawText();
            if (item.ValueKind != JsonValueKind.String || !MimeKit.MailboxAddress.TryParse(text, out var mailbox)
                || string.IsNullOrEmpty(mailbox.LocalPart) || string.IsNullOrEmpty(mailbox.Domain) || text.Contains(',', StringComparison.Ordinal))
            {
                errors.Add($"recipients[{i}]: '{text}' is not an e-mail address such as 'ops.lead@nhs.net'.");
            }
            else
            {
                recipients.Add(text);
            }

            i++;
        }

        return recipients;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, ClaimsPrincipal user, SavedQueryStore saved,
        SavedQueryChanges changes, CancellationToken ct)
    {
        if (await saved.GetAsync(id, ct) is { } query && !user.IsInRole(nameof(BrightRole.Administrator))
            && !string.Equals(user.FindFirstValue(ClaimTypes.Name), query.Owner, StringComparison.Ordinal))
        {
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", $"Saved query {id} belongs to '{query.Owner}'; only its owner or an administrator may unschedule it.");
        }

        try
        {
            return await changes.RemoveScheduleAsync(id, ct)
                ? TypedResults.NoContent()
                : Problem(StatusCodes.Status404NotFound, "No schedule", $"Saved query {id} has no export schedule.");
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>
    /// A schedule as the API shows it; <c>folder</c> is where each export is written (the outbox for an e-mail schedule), <c>sends</c>
    /// whether e-mail exports go out through SMTP (<c>Bright:Smtp:Host</c> set) or wait in the outbox.
    /// </summary>
    internal sealed record ScheduleView(long SavedQueryId, string Cron, string Format, string Owner, DateTimeOffset CreatedAt, string Target,
        IReadOnlyList<string> Recipients, string Folder, bool Sends)
    {
        public static ScheduleView Of(QuerySchedule s, QueryOptions options, StoreOptions store, QueryOutbox outbox) =>
            new(s.SavedQueryId, s.Cron, s.Format.ToString().ToLowerInvariant(), s.Owner, s.CreatedAt, s.Target.ToString().ToLowerInvariant(),
                s.Recipients ?? [], s.Target == QueryExportTarget.Email ? outbox.Folder : QueryExportJob.Folder(options, store),
                s.Target == QueryExportTarget.Email && outbox.Smtp.Enabled);
    }
}
