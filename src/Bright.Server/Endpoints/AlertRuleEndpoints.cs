using System.Security.Claims;
using Bright.Analytics.State.Alerts;
using Bright.Server.Alerts;
using Bright.Server.Auth;
using Bright.Server.Distributed;
using Bright.Store.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bright.Server.Endpoints;

/// <summary>
/// Alert rules as data: <c>GET /api/alerts/rules</c> (every rule with its latest version, and the measures a rule may
/// test), <c>PUT /api/alerts/rules/{id}</c> (create or replace; validated, refused naming the field, the previous
/// version staying in force), <c>DELETE /api/alerts/rules/{id}</c> (disable: a new version, nothing deleted) and
/// <c>GET /api/alerts/rules/{id}/history</c> (every version: who, when, what). Changes take effect at the next
/// evaluation, within a second.
/// </summary>
internal static class AlertRuleEndpoints
{
    public static void MapAlertRuleEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/alerts/rules");
        group.MapGet("", ListAsync).RequireAuthorization(BrightPolicies.Read).WithName("GetAlertRules");
        group.MapGet("/{id}/history", HistoryAsync).RequireAuthorization(BrightPolicies.Administer).WithName("GetAlertRuleHistory");
        group.MapPut("/{id}", PutAsync).RequireAuthorization(BrightPolicies.Administer).WithName("PutAlertRule");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(BrightPolicies.Administer).WithName("DisableAlertRule");
    }

    private static async Task<Ok<AlertRuleList>> ListAsync(AlertRuleBook book, CancellationToken cancellationToken) =>
        TypedResults.Ok(new AlertRuleList([.. (await book.ListAsync(cancellationToken)).Select(AlertRuleView.Of)], AlertMeasures.All,
            AlertRuleBook.RoleNames));

    private static async Task<Results<Ok<AlertRuleView>, ProblemHttpResult>> PutAsync(string id, HttpContext http, AlertRuleBook book,
        AdministrativeChanges administration, CancellationToken cancellationToken)
    {
        var (rule, problem) = await JsonBody.ReadAsync<AlertRule>(http.Request, "alert rule", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = book.Validate(id, rule!);
        if (errors.Count > 0)
        {
            return JsonBody.Invalid("alert rule", errors);
        }

        try
        {
            return TypedResults.Ok(AlertRuleView.Of(await administration.SaveAlertRuleAsync(id, rule!, By(http.User), cancellationToken)));
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }
    }

    private static async Task<Results<Ok<AlertRuleView>, ProblemHttpResult>> DeleteAsync(string id, HttpContext http,
        AdministrativeChanges administration, CancellationToken cancellationToken)
    {
        try
        {
            return await administration.DisableAlertRuleAsync(id, By(http.User), cancellationToken) is { } disabled
                ? TypedResults.Ok(AlertRuleView.Of(disabled))
                : NotFound(id);
        }
        catch (StoreWriteException ex)
        {
            return AdministrativeChanges.Unavailable(ex);
        }
    }

    private static async Task<Results<Ok<AlertRuleHistory>, ProblemHttpResult>> HistoryAsync(string id, AlertRuleBook book,
        CancellationToken cancellationToken)
    {
        var versions = await book.HistoryAsync(id, cancellationToken);
        return versions.Count == 0
            ? NotFound(id)
            : TypedResults.Ok(new AlertRuleHistory(id, [.. versions.Select(v => new AlertRuleVersionView(v.Version, v.Change, v.ChangedAt, v.ChangedBy,
                v.Enabled, AlertRuleSet.Parse(v.Definition)))]));
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such alert rule",
        detail: $"id: no alert rule has id '{id}'. GET /api/alerts/rules lists them; PUT creates one.");

    private static string By(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue(ClaimTypes.Role) ?? "unknown";
}

/// <summary><c>GET /api/alerts/rules</c>: the rules in evaluation order, the measures a rule may test, and the role names.</summary>
internal sealed record AlertRuleList(IReadOnlyList<AlertRuleView> Rules, IReadOnlyList<AlertMeasure> Measures, IReadOnlyList<string> Roles);

/// <summary>A rule with its latest version's audit.</summary>
internal sealed record AlertRuleView(string Id, string? Name, string? Measure, string? Comparison, double? Threshold, IReadOnlyList<string>? Values,
    double ForMinutes, string? Severity, string? FallingSeverity, string Group, IReadOnlyList<string> Roles, IReadOnlyList<string> Sites, bool Enabled,
    string? Source, int Version, string Change, DateTimeOffset ChangedAt, string ChangedBy)
{
    public static AlertRuleView Of(StoredAlertRule stored)
    {
        var r = stored.Rule;
        return new AlertRuleView(r.Id!, r.Name, r.Measure, r.Comparison, r.Threshold, r.Values, r.ForMinutes, r.Severity, r.FallingSeverity, r.GroupKey,
            r.Roles, r.Sites, r.Enabled, r.Source, stored.Version, stored.Change, stored.ChangedAt, stored.ChangedBy);
    }
}

/// <summary><c>GET /api/alerts/rules/{id}/history</c>: every version, oldest first.</summary>
internal sealed record AlertRuleHistory(string Id, IReadOnlyList<AlertRuleVersionView> Versions);

/// <summary>One version: what the rule was, who made the change and when.</summary>
internal sealed record AlertRuleVersionView(int Version, string Change, DateTimeOffset ChangedAt, string ChangedBy, bool Enabled, AlertRule Rule);
