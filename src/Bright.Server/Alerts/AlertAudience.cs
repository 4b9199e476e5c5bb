using System.Security.Claims;
using Bright.Analytics.State.Alerts;
using Bright.Server.Auth;
using Bright.Server.Live.State;

namespace Bright.Server.Alerts;

/// <summary>
/// Who sees which alert: a caller's audience is its role and the sites its token is limited to, and an alert shows to
/// it when <see cref="Alert.IsFor"/> says so (its rule's roles and sites). The <c>alerts</c> topic and
/// <c>GET /api/alerts</c> filter with it.
/// </summary>
internal static class AlertAudience
{
    /// <summary>The audience key of <paramref name="user"/>: <c>Role|SITE1,SITE2</c> (no sites: every site).</summary>
    public static string Of(ClaimsPrincipal user)
    {
        var role = user.FindFirstValue(ClaimTypes.Role) ?? "";
        var sites = user.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value).Order(StringComparer.Ordinal);
        return role + "|" + string.Join(",", sites);
    }

    /// <summary>The alerts of <paramref name="alerts"/> that <paramref name="audience"/> sees.</summary>
    public static IReadOnlyList<Alert> Visible(IEnumerable<Alert> alerts, string audience, IReadOnlyCollection<string> trustSites)
    {
        var (role, sites) = Parse(audience);
        return [.. alerts.Where(a => a.IsFor(role, sites, trustSites))];
    }

    /// <summary>
    /// What <paramref name="audience"/> sees of the <c>alerts</c> topic's snapshot or delta. An alert raised or changed
    /// that it may no longer see (its rule's audience changed) is resolved for it.
    /// </summary>
    public static object Filter(object data, string audience, IReadOnlyCollection<string> trustSites) => data switch
    {
        AlertsSnapshot snapshot => snapshot with { Alerts = Visible(snapshot.Alerts, audience, trustSites) },
        AlertsDelta delta => Visible(delta.Raised, audience, trustSites) is var visible
            ? delta with
            {
                Raised = visible,
                Resolved = [.. delta.Resolved.Concat(delta.Raised.Where(a => !visible.Contains(a)).Select(a => a.Id)).Distinct(StringComparer.Ordinal)],
            }
            : delta,
        _ => data,
    };

    private static (string Role, string[] Sites) Parse(string audience)
    {
        var bar = audience.IndexOf('|', StringComparison.Ordinal);
        var sites = audience[(bar + 1)..];
        return (audience[..bar], sites.Length == 0 ? [] : sites.Split(','));
    }
}
