using System.Security.Cryptography;
using System.Text;

namespace Bright.Analytics.State.Alerts;

/// <summary>
/// Alerts raised by the state machines: each evaluation passes the conditions that hold now; a new one is
/// raised, one that still holds keeps its id, raised time and acknowledgement, and one that no longer holds is
/// resolved. Sticky alerts (an OPEL change) stay until acknowledged. Not thread-safe.
/// </summary>
public sealed class AlertBook
{
    private readonly Dictionary<string, Alert> _active = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sticky = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string By, DateTimeOffset At)> _remembered = new(StringComparer.Ordinal);

    /// <summary>Active alerts, most severe then latest first.</summary>
    public IReadOnlyList<Alert> Active => [.. _active.Values.OrderBy(a => Rank(a.Severity)).ThenByDescending(a => a.RaisedAt).ThenBy(a => a.Id, StringComparer.Ordinal)];

    /// <summary>Applies the conditions holding at <paramref name="now"/>; returns what was raised or changed and what was resolved.</summary>
    public AlertChanges Evaluate(IEnumerable<AlertCandidate> candidates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var changed = new List<Alert>();
        var holding = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var id = IdOf(candidate.Key);
            holding.Add(id);
            if (_active.TryGetValue(id, out var existing))
            {
                // The rule that first raised it stays its rule (an escalation keeps the alert); what it says and who sees it follow the rules now.
                var updated = existing with
                {
                    Severity = candidate.Severity,
                    Message = candidate.Message,
                    Roles = candidate.Roles,
                    Sites = candidate.Sites,
                    Owner = candidate.Owner,
                    Contact = candidate.Contact,
                };
                if (updated != existing)
                {
                    _active[id] = updated;
                    changed.Add(updated);
                }

                continue;
            }

            var alert = new Alert(id, candidate.Rule, candidate.Severity, candidate.Site, candidate.Location, candidate.Message, now, null, null)
            {
                RuleName = candidate.RuleName,
                Roles = candidate.Roles,
                Sites = candidate.Sites,
                Owner = candidate.Owner,
                Contact = candidate.Contact,
            };
            if (_remembered.TryGetValue(id, out var ack))
            {
                alert = alert with { AcknowledgedAt = ack.At, AcknowledgedBy = ack.By };
            }

            _active[id] = alert;
            if (candidate.Sticky)
            {
                _sticky.Add(id);
            }

            changed.Add(alert);
        }

        var resolved = _active.Keys.Where(id => !holding.Contains(id) && !_sticky.Contains(id)).ToList();
        foreach (var id in resolved)
        {
            _active.Remove(id);
        }

        return new AlertChanges(changed, resolved);
    }

    /// <summary>Acknowledges an active alert; a sticky one is then resolved. Null when no active alert has that id.</summary>
    public Alert? Acknowledge(string id, string by, DateTimeOffset at)
    {
        if (!_active.TryGetValue(id, out var alert))
        {
            return null;
        }

        var acknowledged = alert with { AcknowledgedAt = alert.AcknowledgedAt ?? at, AcknowledgedBy = alert.AcknowledgedBy ?? by };
        _active[id] = acknowledged;
        if (_sticky.Remove(id))
        {
            _active.Remove(id);
        }

        return acknowledged;
    }

    /// <summary>
    /// Remembers an acknowledgement made before this book existed (read from the store after a restart): an alert
    /// with that id, raised because its condition still holds, comes back acknowledged. An active one is updated now.
    /// </summary>
    public void RestoreAcknowledgement(string id, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(by);
        _remembered.TryAdd(id, (by, at));
        if (_active.TryGetValue(id, out var alert) && alert.AcknowledgedAt is null)
        {
            _active[id] = alert with { AcknowledgedAt = at, AcknowledgedBy = by };
        }
    }

    /// <summary>The stable id of a condition's key (a hash, so keys never leave the server).</summary>
    public static string IdOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    private static int Rank(string severity) => severity switch { AlertSeverity.Critical => 0, AlertSeverity.Warning => 1, _ => 2 };
}

/// <summary>Alert severities.</summary>
public static class AlertSeverity
{
    /// <summary>Needs action now.</summary>
    public const string Critical = "critical";

    /// <summary>Needs attention.</summary>
    public const string Warning = "warning";

    /// <summary>For information (e.g. a room ready to clean).</summary>
    public const string Info = "info";
}

/// <summary>A condition that holds now.</summary>
/// <param name="Key">Identifies the condition (never a subject key); the alert's id is its hash.</param>
/// <param name="Rule">The rule's name, e.g. <c>handover_over_30</c>.</param>
/// <param name="Severity">See <see cref="AlertSeverity"/>.</param>
/// <param name="Site">The site's code.</param>
/// <param name="Location">Where, e.g. <c>RQ6/theatres/T3</c>.</param>
/// <param name="Message">What a person reads.</param>
/// <param name="Sticky">Whether it stays until acknowledged even when the condition ends.</param>
public sealed record AlertCandidate(string Key, string Rule, string Severity, string Site, string Location, string Message, bool Sticky = false)
{
    /// <summary>The rule's name as a person reads it.</summary>
    public string? RuleName { get; init; }

    /// <summary>The roles that see the alert; empty for every role that reads alerts.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The sites the rule is limited to; empty for every site.</summary>
    public IReadOnlyList<string> Sites { get; init; } = [];

    /// <summary>Who owns the subject (a KPI's or a feed's owner).</summary>
    public string? Owner { get; init; }

    /// <summary>How to reach the owner.</summary>
    public string? Contact { get; init; }
}

/// <summary>An active alert.</summary>
/// <param name="Id">Stable id, for acknowledging.</param>
/// <param name="Rule">The rule that raised it.</param>
/// <param name="Severity"><c>critical</c>, <c>warning</c> or <c>info</c>.</param>
/// <param name="Site">The site's code.</param>
/// <param name="Location">Where.</param>
/// <param name="Message">What a person reads (statuses, locations and durations only).</param>
/// <param name="RaisedAt">When it was first raised (UTC).</param>
/// <param name="AcknowledgedAt">When it was acknowledged, if it was.</param>
/// <param name="AcknowledgedBy">Who acknowledged it.</param>
public sealed record Alert(string Id, string Rule, string Severity, string Site, string Location, string Message, DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy)
{
    /// <summary>The rule's name as a person reads it, e.g. "Ambulance handover over 30 minutes".</summary>
    public string? RuleName { get; init; }

    /// <summary>The roles that see the alert (BRIGHT's role names); empty for every role that reads alerts.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The sites the rule is limited to; empty for every site.</summary>
    public IReadOnlyList<string> Sites { get; init; } = [];

    /// <summary>Who owns the subject, e.g. a feed's owner, to whom the alert is addressed; null when it has none.</summary>
    public string? Owner { get; init; }

    /// <summary>How to reach <see cref="Owner"/>, when known.</summary>
    public string? Contact { get; init; }

    /// <summary>
    /// Whether a caller with <paramref name="role"/>, limited to <paramref name="sites"/> (empty: every site), sees the alert:
    /// its rule's roles include the role (or name none) and, for a site's alert, the caller may see that site.
    /// Administrators see every alert. Trust-wide alerts (site <c>trust</c>) show to every site.
    /// </summary>
    public bool IsFor(string role, IReadOnlyCollection<string> sites, IReadOnlyCollection<string> trustSites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(trustSites);
        if (role == "Administrator")
        {
            return true;
        }

        if (Roles.Count > 0 && !Roles.Contains(role, StringComparer.Ordinal))
        {
            return false;
        }

        return sites.Count == 0 || !trustSites.Contains(Site, StringComparer.Ordinal) || sites.Contains(Site, StringComparer.Ordinal);
    }
}

/// <summary>What one evaluation changed.</summary>
/// <param name="Raised">Alerts raised or changed.</param>
/// <param name="Resolved">Ids of alerts resolved.</param>
public sealed record AlertChanges(IReadOnlyList<Alert> Raised, IReadOnlyList<string> Resolved)
{
    /// <summary>Whether anything changed.</summary>
    public bool Any => Raised.Count > 0 || Resolved.Count > 0;
}
