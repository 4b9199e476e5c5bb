using System.Security.Claims;
using Bright.Server.Auth;
using Bright.Server.Pages;

namespace Bright.Server.Live;

/// <summary>Decides which topics a token may subscribe to.</summary>
internal sealed class TopicAccess(DashboardCatalogue dashboards)
{
    /// <summary>Why <paramref name="user"/> may not subscribe to <paramref name="topic"/>, or null when it may.</summary>
    public string? Denial(ClaimsPrincipal user, LiveTopic topic)
    {
        var sites = user.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value).ToList();
        if (topic.Site is not null && sites.Count > 0 && !sites.Contains(topic.Site, StringComparer.Ordinal))
        {
            return $"This token is limited to {string.Join(", ", sites)} and may not subscribe to '{topic.Name}'.";
        }

        if (!user.IsInRole(nameof(BrightRole.Wallboard)))
        {
            return null;
        }

        // A bound token reads exactly what its dashboard's tiles need (built-in or stored); an unbound one any built-in's.
        var bound = user.FindFirstValue(LocalTokenAuthenticationHandler.DashboardClaim);
        var allowed = bound is null ? dashboards.BuiltIn : dashboards.Find(bound) is { } d ? [d] : [];
        return allowed.Any(d => d.Shows(topic.Name))
            ? null
            : $"A wallboard token may only subscribe to its own dashboard's topics ('{bound ?? "any built-in"}'); '{topic.Name}' is not one of them.";
    }
}
