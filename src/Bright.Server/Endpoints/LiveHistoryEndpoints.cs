using System.Globalization;
using System.Security.Claims;
using Bright.Core.Time;
using Bright.Server.Auth;
using Bright.Server.Live.State;
using Bright.Store.LiveHistory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// Live figures as history (issue 6): OPEL levels with their parameters, theatre sessions with their metrics, and
/// alerts raised, resolved and acknowledged, each over local dates <c>from</c>..<c>to</c> (inclusive, Europe/London; the last 7 days
/// by default) and one site or all. A site-limited token sees only its sites.
/// </summary>
internal static class LiveHistoryEndpoints
{
    private const int MaxDays = 366;

    public static void MapLiveHistoryEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/opel/history", GetOpelAsync).RequireAuthorization(BrightPolicies.Read).WithName("GetOpelHistory");
        api.MapGet("/theatres/sessions", GetSessionsAsync).RequireAuthorization(BrightPolicies.Read).WithName("GetTheatreSessions");
        api.MapPost("/theatres/sessions/rebuild", RebuildSessionsAsync).RequireAuthorization(BrightPolicies.Administer).WithName("RebuildTheatreSessions");
        api.MapGet("/alerts/history", GetAcknowledgementsAsync).RequireAuthorization(BrightPolicies.Read).WithName("GetAlertHistory");
    }

    private static async Task<Results<Ok<OpelHistoryAnswer>, ProblemHttpResult>> GetOpelAsync(string? site, string? from, string? to,
        HttpContext http, LiveStateService live, LiveHistoryStore history, CancellationToken cancellationToken)
    {
        if (Query(site, from, to, http.User, live, allowTrust: true) is not { } query)
        {
            return Problem(site, from, to, http.User, live, allowTrust: true);
        }

        var rows = await history.ReadOpelAsync(query.Site, UkTime.StartOfDay(query.From), UkTime.StartOfDay(query.To.AddDays(1)), cancellationToken);
        return TypedResults.Ok(new OpelHistoryAnswer(query.From, query.To, [.. rows.Where(r => query.Sees(r.Site))]));
    }

    private static async Task<Results<Ok<SessionsAnswer>, ProblemHttpResult>> GetSessionsAsync(string? site, string? from, string? to,
        HttpContext http, LiveStateService live, LiveHistoryStore history, CancellationToken cancellationToken)
    {
        if (Query(site, from, to, http.User, live, allowTrust: false) is not { } query)
        {
            return Problem(site, from, to, http.User, live, allowTrust: false);
        }

        var rows = await history.ReadSessionsAsync(query.Site, query.From, query.To, cancellationToken);
        return TypedResults.Ok(new SessionsAnswer(query.From, query.To, [.. rows.Where(r => query.Sees(r.Site)).Select(SessionAnswer.From)]));
    }

    private static async Task<Results<Ok<RebuildAnswer>, ProblemHttpResult>> RebuildSessionsAsync(string? site, string? from, string? to,
        HttpContext http, LiveStateService live, LiveHistoryRecorder recorder, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(site))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query",
                detail: $"site: is required; known sites are {Known(live)}.");
        }

        if (Query(site, from, to, http.User, live, allowTrust: false) is not { } query)
        {
            return Problem(site, from, to, http.User, live, allowTrust: false);
        }

        await live.WhenReady.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var written = await recorder.RebuildSessionsAsync(site, query.From, query.To, cancellationToken);
        return TypedResults.Ok(new RebuildAnswer(site, query.From, query.To, written));
    }

    private static async Task<Results<Ok<AlertHistoryAnswer>, ProblemHttpResult>> GetAcknowledgementsAsync(string? site, string? from,
        string? to, HttpContext http, LiveStateService live, LiveHistoryStore history, CancellationToken cancellationToken)
    {
        if (Query(site, from, to, http.User, live, allowTrust: false) is not { } query)
        {
            return Problem(site, from, to, http.User, live, allowTrust: false);
        }

        var (start, end) = (UkTime.StartOfDay(query.From), UkTime.StartOfDay(query.To.AddDays(1)));
        var acks = await history.ReadAcknowledgementsAsync(query.Site, start, end, cancellationToken);
        var events = await history.ReadAlertEventsAsync(query.Site, start, end, cancellationToken);
        return TypedResults.Ok(new AlertHistoryAnswer(query.From, query.To, [.. events.Where(r => query.Sees(r.Site))],
            [.. acks.Where(r => query.Sees(r.Site))]));
    }

    private static HistoryQuery? Query(string? site, string? from, string? to, ClaimsPrincipal user, LiveStateService live, bool allowTrust) =>
        Validate(site, from, to, user, live, allowTrust, out var query) is null ? query : null;

    private static ProblemHttpResult Problem(string? site, string? from, string? to, ClaimsPrincipal user, LiveStateService live, bool allowTrust)
    {
        var (status, detail) = Validate(site, from, to, user, live, allowTrust, out _)!.Value;
        return TypedResults.Problem(statusCode: status, title: status == StatusCodes.Status403Forbidden ? "Site not allowed" : "Invalid query",
            detail: detail);
    }

    /// <summary>Null when the query is good; else the status and a message naming the field and the value.</summary>
    private static (int Status, string Detail)? Validate(string? site, string? from, string? to, ClaimsPrincipal user, LiveStateService live,
        bool allowTrust, out HistoryQuery query)
    {
        query = null!;
        var today = UkTime.Today(live.Clock);
        var isTrust = allowTrust && string.Equals(site, LiveHistoryStore.Trust, StringComparison.Ordinal);
        if (site is not null && !isTrust && !live.Trust.IsKnownSite(site))
        {
            return (StatusCodes.Status400BadRequest,
                $"site: '{site}' is not a site of this trust; known sites are {Known(live)}{(allowTrust ? ", or 'trust' for the roll-up" : "")}.");
        }

        if (!TryDay("from", from, today.AddDays(-6), out var first, out var fromError))
        {
            return (StatusCodes.Status400BadRequest, fromError);
        }

        if (!TryDay("to", to, today, out var last, out var toError))
        {
            return (StatusCodes.Status400BadRequest, toError);
        }

        if (last < first)
        {
            return (StatusCodes.Status400BadRequest, $"to: {last:yyyy-MM-dd} is before from ({first:yyyy-MM-dd}).");
        }

        if (last.DayNumber - first.DayNumber >= MaxDays)
        {
            return (StatusCodes.Status400BadRequest, $"to: at most {MaxDays} days from {first:yyyy-MM-dd} (was {last.DayNumber - first.DayNumber + 1}).");
        }

        var allowed = user.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (allowed.Count > 0 && site is not null && !allowed.Contains(site))
        {
            return (StatusCodes.Status403Forbidden, $"site: this token is limited to {string.Join(", ", allowed)} and may not read '{site}'.");
        }

        query = new HistoryQuery(site, first, last, allowed);
        return null;
    }

    private static bool TryDay(string field, string? text, DateOnly fallback, out DateOnly day, out string error)
    {
        error = "";
        day = fallback;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return true;
        }

        error = $"{field}: '{text}' is not a date like 2026-01-14 (yyyy-MM-dd, Europe/London).";
        return false;
    }

    private static string Known(LiveStateService live) => string.Join(", ", live.Trust.Sites.Select(s => s.Code));

    private sealed record HistoryQuery(string? Site, DateOnly From, DateOnly To, IReadOnlySet<string> Allowed)
    {
        public bool Sees(string site) => Allowed.Count == 0 || Allowed.Contains(site);
    }
}

/// <summary><c>GET /api/opel/history</c>: levels oldest first; <c>site</c> is a site code or <c>trust</c>.</summary>
internal sealed record OpelHistoryAnswer(DateOnly From, DateOnly To, IReadOnlyList<OpelHistoryRecord> Levels);

/// <summary><c>GET /api/theatres/sessions</c>: sessions by date, site and start.</summary>
internal sealed record SessionsAnswer(DateOnly From, DateOnly To, IReadOnlyList<SessionAnswer> Sessions);

/// <summary>A stored session with its utilisation (capped and uncapped touch minutes ÷ planned minutes).</summary>
internal sealed record SessionAnswer(string Site, string ListId, string Room, DateOnly Date, string? Session, string? Specialty, DateTimeOffset PlannedStart,
    DateTimeOffset PlannedEnd, double PlannedMinutes, double CappedTouchMinutes, double UncappedTouchMinutes, double? CappedUtilisation,
    double? UncappedUtilisation, double? LateStartMinutes, bool LateStart, double? EarlyFinishMinutes, bool EarlyFinish, double? OverrunMinutes,
    int Turnarounds, double TurnaroundMinutes, int CasesPlanned, int CasesDone, int CancelledOnTheDay, IReadOnlyList<SessionCancellation> Cancellations,
    DateTimeOffset WrittenAt)
{
    public static SessionAnswer From(TheatreSessionRecord s) => new(s.Site, s.ListId, s.Room, s.SessionDate, s.Session, s.Specialty, s.PlannedStart,
        s.PlannedEnd, s.PlannedMinutes, s.CappedTouchMinutes, s.UncappedTouchMinutes, s.CappedUtilisation, s.UncappedUtilisation, s.LateStartMinutes,
        s.LateStart, s.EarlyFinishMinutes, s.EarlyFinish, s.OverrunMinutes, s.Turnarounds, s.TurnaroundMinutes, s.CasesPlanned, s.CasesDone,
        s.CancelledOnTheDay, s.Cancellations, s.WrittenAt);
}

/// <summary><c>POST /api/theatres/sessions/rebuild</c>: sessions rewritten from the stored events.</summary>
internal sealed record RebuildAnswer(string Site, DateOnly From, DateOnly To, int Written);

/// <summary><c>GET /api/alerts/history</c>: alerts raised and resolved, and acknowledgements, each oldest first.</summary>
internal sealed record AlertHistoryAnswer(DateOnly From, DateOnly To, IReadOnlyList<AlertEvent> Events, IReadOnlyList<AlertAcknowledgement> Acknowledgements);
