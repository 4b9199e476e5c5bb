using Bright.Store.Feeds;

namespace Bright.Server.Distributed;

/// <summary>
/// A change to the feed registry as it travels on the cluster's log: <see cref="Feed"/> saved (created, changed or
/// restored), or, when null, feed <see cref="FeedId"/> retired; made by <see cref="By"/> at <see cref="At"/> (UTC).
/// </summary>
internal sealed record FeedChange(string FeedId, FeedDefinition? Feed, string By, DateTimeOffset At);

/// <summary>
/// A change to an alert rule as it travels on the cluster's log: <see cref="Definition"/> (the validated rule as JSON)
/// saved as the rule's next version, or, when null, rule <see cref="RuleId"/> disabled.
/// </summary>
internal sealed record AlertRuleChange(string RuleId, string? Definition, string By, DateTimeOffset At);

/// <summary>A KPI definition (with its targets) saved, as it travels on the cluster's log: the validated definition as JSON.</summary>
internal sealed record KpiChange(string KpiId, string Definition, string By, DateTimeOffset At);

/// <summary>
/// A stored dashboard saved (<see cref="Document"/>, the validated document as JSON, owned by <see cref="Owner"/>) or,
/// when null, deleted, as it travels on the cluster's log.
/// </summary>
internal sealed record DashboardChange(string DashboardId, string? Document, string Owner, DateTimeOffset At);
