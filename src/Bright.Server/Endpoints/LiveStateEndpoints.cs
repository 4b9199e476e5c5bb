using System.Globalization;
using System.Security.Claims;
using Bright.Analytics.State.Alerts;
using Bright.Analytics.State.Theatres;
using Bright.Core.Time;
using Bright.Server.Alerts;
using Bright.Server.Auth;
using Bright.Server.Live.State;
using Bright.Store.Events;
using Bright.Store.LiveHistory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// Live state over REST (DESIGN.md "Live state"): the same data the hub pushes on <c>beds:{site}</c>,
/// <c>ed:{site}</c>, <c>theatres:{site}</c>, <c>opel</c> and <c>alerts</c>, and alert acknowledgement.
/// </summary>
internal static class LiveStateEndpoints
{
    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(30);

    public static void MapLiveStateEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/beds", async (string? site, HttpContext http, LiveStateService live) =>
            await SiteViewAsync(site, http, live, (s, now) => s.Beds(site!, now))).RequireAuthorization(BrightPolicies.Read).WithName("GetBeds");
        api.MapGet("/ed", async (string? site, HttpContext http, LiveStateService live) =>
            await SiteViewAsync(site, http, live, (s, now) => s.Ed(site!, now))).RequireAuthorization(BrightPolicies.Read).WithName("GetEd");
        api.MapGet("/theatres", GetTheatresAsync).RequireAuthorization(BrightPolicies.Read).WithName("GetTheatres");
        api.MapGet("/opel", async (LiveStateService live) =>
        {
            await live.WhenReady.WaitAsync(ReadyWait);
            return TypedResults.Ok(live.Read((s, now) => s.Opel(now)));
        }).RequireAuthorization(BrightPolicies.Read).WithName("GetOpel");
        api.MapGet("/alerts", async (HttpContext http, LiveStateService live) =>
        {
            await live.WhenReady.WaitAsync(ReadyWait);
            var snapshot = live.Read((s, now) => new AlertsSnapshot(now, s.Alerts.Active));
            // Only the alerts whose rules address the caller's role and sites.
            return TypedResults.Ok(AlertAudience.Filter(snapshot, AlertAudience.Of(http.User), [.. live.Trust.Sites.Select(s => s.Code)]));
        }).RequireAuthorization(BrightPolicies.Read).WithName("GetAlerts");
        api.MapPost("/alerts/{id}/ack", AcknowledgeAsync).RequireAuthorization(BrightPolicies.Acknowledge).WithName("AcknowledgeAlert");
        api.MapLiveHistoryEndpoints();
    }

    private static async Task<Results<Ok<T>, ProblemHttpResult>> SiteViewAsync<T>(string? site, HttpContext http, LiveStateService live,
        Func<Analytics.State.LiveState, DateTimeOffset, T> view)
    {
        if (SiteProblem(site, http.User, live) is { } problem)
        {
            return problem;
        }

        await live.WhenReady.WaitAsync(ReadyWait);
        return TypedResults.Ok(live.Read(view));
    }

    private static async Task<Results<Ok<TheatreView>, ProblemHttpResult>> GetTheatresAsync(string? site, string? date, HttpContext http,
        LiveStateService live, LiveStateReader reader, CancellationToken cancellationToken)
    {
        if (SiteProblem(site, http.User, live) is { } problem)
        {
            return problem;
        }

        var today = UkTime.Today(live.Clock);
        var day = today;
        if (!string.IsNullOrEmpty(date) && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid date",
                detail: $"date: '{date}' is not a date like 2026-01-14 (yyyy-MM-dd, Europe/London).");
        }

        await live.WhenReady.WaitAsync(ReadyWait, cancellationToken);
        if (day == today)
        {
            return TypedResults.Ok(live.Read((s, now) => s.Theatres(site!, now, day)));
        }

        // Another day is folded from its stored events into a board of its own; live state is not touched.
        var events = await reader.ReadTheatreDayAsync(site!, UkTime.StartOfDay(day), UkTime.StartOfDay(day.AddDays(1)), cancellationToken);
        var board = live.Read((s, _) => s.NewTheatreBoard(site!));
        foreach (var e in events.Where(e => !e.Attributes.TryGetValue(Analytics.State.LiveState.ExcludeAttribute, out var x) || x != "true"))
        {
            board.Apply(e);
        }

        return TypedResults.Ok(board.View(live.Clock.GetUtcNow(), day));
    }

    private static async Task<Results<Ok<Alert>, ProblemHttpResult>> AcknowledgeAsync(string id, HttpContext http, LiveStateService live,
        LiveHistoryStore history, CancellationToken cancellationToken)
    {
        var by = http.User.FindFirstValue(ClaimTypes.Name) ?? http.User.FindFirstValue(ClaimTypes.Role) ?? "unknown";
        var sites = live.Trust.Sites.Select(s => s.Code).ToList();
        var visible = live.Read((s, _) => AlertAudience.Visible(s.Alerts.Active.Where(a => a.Id == id), AlertAudience.Of(http.User), sites).Count > 0);
        if (visible && live.Acknowledge(id, by, out var first) is { } alert)
        {
            if (first)
            {
                // Audited, and read back at start-up so the alert stays acknowledged while its condition holds.
                await history.WriteAcknowledgementAsync(new AlertAcknowledgement(alert.Id, alert.Rule, alert.Severity, alert.Site, alert.Location,
                    alert.Message, alert.RaisedAt, alert.AcknowledgedAt!.Value, alert.AcknowledgedBy!), cancellationToken);
            }

            return TypedResults.Ok(alert);
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such alert",
                detail: $"id: no active alert has id '{id}'; it may have been resolved. GET /api/alerts lists the active ones.");
    }

    private static ProblemHttpResult? SiteProblem(string? site, ClaimsPrincipal user, LiveStateService live)
    {
        var known = string.Join(", ", live.Trust.Sites.Select(s => s.Code));
        if (string.IsNullOrWhiteSpace(site) || !live.Trust.IsKnownSite(site))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown site",
                detail: string.IsNullOrWhiteSpace(site)
                    ? $"site: is required; known sites are {known}."
                    : $"site: '{site}' is not a site of this trust; known sites are {known}.");
        }

        var allowed = user.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value).ToList();
        return allowed.Count > 0 && !allowed.Contains(site, StringComparer.Ordinal)
            ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Site not allowed",
                detail: $"site: this token is limited to {string.Join(", ", allowed)} and may not read '{site}'.")
            : null;
    }
}
