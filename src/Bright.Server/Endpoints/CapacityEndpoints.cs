using System.Globalization;
using Bright.Analytics.Charts;
using Bright.Core.Reference;
using Bright.Server.Auth;
using Bright.Server.Forecasting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// Demand against capacity: <c>GET /api/capacity?site=RQ6&amp;days=7</c> and its picture, <c>GET /api/capacity.png</c>
/// (beds, or <c>&amp;measure=theatre-minutes</c>).
/// </summary>
internal static class CapacityEndpoints
{
    public static void MapCapacityEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/capacity", GetAsync).RequireAuthorization(BrightPolicies.Read)
            .WithSummary("Forecast demand against planned capacity per day: expected gap and probability of exceeding it");
        api.MapGet("/capacity.png", ChartAsync).RequireAuthorization(BrightPolicies.Read)
            .WithSummary("Forecast demand against planned capacity as a chart");
    }

    private static async Task<Results<Ok<CapacityAnswer>, ProblemHttpResult>> GetAsync(string? site, string? days, HttpContext context,
        TrustReference trust, CapacityService capacity, CancellationToken ct)
    {
        if (Check(site, days, context, trust) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await capacity.GetAsync(trust.FindSite(site!)!, Days(days), ct));
    }

    private static async Task<IResult> ChartAsync(string? site, string? days, string? measure, HttpContext context, TrustReference trust,
        CapacityService capacity, CancellationToken ct)
    {
        if (Check(site, days, context, trust) is { } problem)
        {
            return problem;
        }

        if (measure is not (null or "beds" or "theatre-minutes"))
        {
            return Problem(StatusCodes.Status400BadRequest, "The measure is not valid", $"measure: must be beds or theatre-minutes (was '{measure}').",
                "measure");
        }

        var theatres = measure == "theatre-minutes";
        var answer = await capacity.GetAsync(trust.FindSite(site!)!, Days(days), ct);
        var chartDays = answer.Days.Where(d => (theatres ? d.TheatreMinutes : d.Beds) is not null).Select(d =>
        {
            var x = theatres ? d.TheatreMinutes! : d.Beds!;
            return new CapacityChartDay(DateOnly.ParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture), x.Mean, x.Lower80, x.Upper80, x.Lower95,
                x.Upper95, x.Capacity, x.ProbabilityOverCapacity);
        }).ToList();
        if (chartDays.Count == 0)
        {
            return Problem(StatusCodes.Status409Conflict, "Not enough history to forecast",
                (theatres ? answer.TheatresUnavailable : answer.BedsUnavailable) ?? "No day could be forecast.", "site");
        }

        var png = CapacityChartRenderer.RenderPng(
            theatres
                ? $"{answer.Site}: theatre minutes booked against planned sessions"
                : $"{answer.Site}: G&A beds occupied at midnight against {(answer.OpenBeds is null ? "core beds" : "beds open now")}",
            theatres ? "minutes" : "beds", chartDays);
        return TypedResults.File(png, "image/png");
    }

    private static ProblemHttpResult? Check(string? site, string? days, HttpContext context, TrustReference trust)
    {
        if (string.IsNullOrEmpty(site))
        {
            return Problem(StatusCodes.Status400BadRequest, "The site is required", "site: is required, a site code such as RQ6.", "site");
        }

        if (trust.FindSite(site) is null)
        {
            return Problem(StatusCodes.Status404NotFound, "No such site", $"site: there is no site '{site}' in the trust's reference data.", "site");
        }

        var sites = context.User.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value).ToList();
        if (sites.Count > 0 && !sites.Contains(site, StringComparer.Ordinal))
        {
            return Problem(StatusCodes.Status403Forbidden, "Site not allowed", $"This token may not read site '{site}'.", "site");
        }

        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > CapacityService.MaxDays))
        {
            return Problem(StatusCodes.Status400BadRequest, "The number of days is not valid",
                $"days: must be a whole number from 1 to {CapacityService.MaxDays} (was '{days}').", "days");
        }

        return null;
    }

    private static int Days(string? days) => days is null ? 7 : int.Parse(days, CultureInfo.InvariantCulture);

    private static ProblemHttpResult Problem(int status, string title, string detail, string field) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["field"] = field });
}
