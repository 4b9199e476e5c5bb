using System.Security.Claims;
using System.Text.RegularExpressions;
using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Server.Live;
using Bright.Server.Pages;
using Bright.Store.Events;

namespace Bright.Server.Endpoints;

/// <summary>
/// Dashboards as documents: <c>GET /api/dashboards</c> (what the caller may open), <c>GET /api/dashboards/default</c>,
/// <c>GET|PUT|DELETE /api/dashboards/{id}</c> and <c>POST /api/dashboards</c>. Reading is open to every token (a
/// wallboard reads its own dashboard); saving needs a role that reads the API.
/// </summary>
internal static partial class DashboardEndpoints
{
    public static void MapDashboardEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/dashboards");
        group.MapGet("", (ClaimsPrincipal user, DashboardCatalogue dashboards) => TypedResults.Ok(new
        {
            role = user.FindFirstValue(ClaimTypes.Role),
            sites = user.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value),
            dashboards = dashboards.OpenTo(user).Select(d => d.View(user)),
        })).RequireAuthorization(BrightPolicies.Live).WithSummary("The dashboards the caller may open");
        group.MapGet("/default", (ClaimsPrincipal user, DashboardCatalogue dashboards, LiveTopicRegistry topics, TopicAccess access) =>
            TypedResults.Ok(Detail(dashboards.DefaultFor(user), user, topics, access)))
            .RequireAuthorization(BrightPolicies.Live).WithSummary("The caller's role's default dashboard");
        group.MapGet("/{id}", (string id, ClaimsPrincipal user, DashboardCatalogue dashboards, LiveTopicRegistry topics, TopicAccess access) =>
            dashboards.OpenTo(user).FirstOrDefault(d => d.Id == id) is { } d ? Results.Ok(Detail(d, user, topics, access)) : NotFound(id))
            .RequireAuthorization(BrightPolicies.Live).WithSummary("One dashboard, with the concrete topics its tiles subscribe to");
        group.MapPost("", (HttpContext context, DashboardCatalogue dashboards, DashboardValidator validator, AdministrativeChanges administration,
            CancellationToken ct) => SaveAsync(null, context, dashboards, validator, administration, ct)).RequireAuthorization(BrightPolicies.Read).WithSummary("Save a new dashboard");
        group.MapPut("/{id}", (string id, HttpContext context, DashboardCatalogue dashboards, DashboardValidator validator,
            AdministrativeChanges administration, CancellationToken ct) => SaveAsync(id, context, dashboards, validator, administration, ct)).RequireAuthorization(BrightPolicies.Read).WithSummary("Save or replace a dashboard");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(BrightPolicies.Read).WithSummary("Delete a stored dashboard");
    }

    private static object Detail(Dashboard dashboard, ClaimsPrincipal user, LiveTopicRegistry topics, TopicAccess access) => new
    {
        dashboard = dashboard.View(user),
        subscriptions = topics.All.Where(t => dashboard.Shows(t.Name) && access.Denial(user, t) is null).Select(t => t.Name),
    };

    private static async Task<IResult> SaveAsync(string? id, HttpContext context, DashboardCatalogue dashboards, DashboardValidator validator,
        AdministrativeChanges administration, CancellationToken cancellationToken)
    {
        var user = context.User;
        var (document, problem) = await JsonBody.ReadAsync<DashboardDocument>(context.Request, "dashboard document", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (id is not null && document!.Id is not null && document.Id != id)
        {
            return JsonBody.Invalid("dashboard document", [("id", $"'{document.Id}' differs from the address's '{id}'; leave it out or make them equal")]);
        }

        var resolved = id ?? document!.Id ?? FreeId(Slug(document!.Title), dashboards);
        var existing = dashboards.Find(resolved);
        if (existing is not null && (id is null || existing.BuiltIn))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The dashboard exists",
                detail: existing.BuiltIn
                    ? $"'{resolved}' is a built-in dashboard, which is read-only; POST your copy under another id."
                    : $"There is already a dashboard '{resolved}'; PUT /api/dashboards/{resolved} changes it.");
        }

        if (existing is not null && !existing.IsEditableBy(user))
        {
            return Forbidden(resolved, existing.Owner);
        }

        var candidate = document! with { Id = resolved };
        var errors = await validator.ValidateAsync(candidate, cancellationToken);
        if (errors.Count > 0)
        {
            return JsonBody.Invalid("dashboard document", errors);
        }

        var owner = existing?.Owner ?? user.FindFirstValue(ClaimTypes.Name)!;
        Dashboard saved;
        try
        {
            saved = await administration.SaveDashboardAsync(candidate, owner, cancellationToken);
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }

        return existing is null ? TypedResults.Created($"/api/dashboards/{saved.Id}", saved.View(user)) : TypedResults.Ok(saved.View(user));
    }

    private static async Task<IResult> DeleteAsync(string id, ClaimsPrincipal user, DashboardCatalogue dashboards, AdministrativeChanges administration,
        CancellationToken cancellationToken)
    {
        if (dashboards.Find(id) is not { } existing || !existing.IsOpenTo(user))
        {
            return NotFound(id);
        }

        if (existing.BuiltIn)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Built-in dashboards are read-only",
                detail: $"'{id}' is a built-in dashboard and cannot be deleted.");
        }

        if (!existing.IsEditableBy(user))
        {
            return Forbidden(id, existing.Owner);
        }

        try
        {
            await administration.DeleteDashboardAsync(id, existing.Owner, cancellationToken);
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }

        return TypedResults.NoContent();
    }

    private static string Slug(string? title)
    {
        var slug = NotSlug().Replace((title ?? "").ToLowerInvariant(), "-").Trim('-');
        return slug.Length < 2 ? "dashboard" : slug[..Math.Min(slug.Length, 56)].TrimEnd('-');
    }

    private static string FreeId(string slug, DashboardCatalogue dashboards)
    {
        var id = slug;
        for (var n = 2; dashboards.Find(id) is not null; n++)
        {
            id = $"{slug}-{n}";
        }

        return id;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such dashboard",
        detail: $"There is no dashboard '{id}' that this token may open; GET /api/dashboards lists them.");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Forbidden(string id, string owner) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
        detail: $"Dashboard '{id}' belongs to '{owner}'; only its owner or an administrator changes it. POST a copy under a new id instead.");

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
