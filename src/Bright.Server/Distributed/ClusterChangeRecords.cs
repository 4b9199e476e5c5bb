using Bright.Store.Feeds;
using Bright.Store.Query;

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

/// <summary>
/// A saved query stored (<see cref="Query"/>, whole, under the id the cluster gave it) or, when null, query
/// <see cref="SavedQueryId"/> deleted with its schedule, as it travels on the cluster's log.
/// </summary>
internal sealed record SavedQueryChange(long SavedQueryId, SavedQueryRecord? Query);

/// <summary>A saved query as the log carries it: its parameters as the JSON object the store keeps.</summary>
internal sealed record SavedQueryRecord(long Id, string Name, string? Description, string Sql, string Parameters, string Owner,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SavedQueryRecord Of(SavedQuery query) => new(query.Id, query.Name, query.Description, query.Sql,
        QueryParameters.ToJson(query.Parameters), query.Owner, query.CreatedAt, query.UpdatedAt);

    public SavedQuery ToSavedQuery() => new(Id, Name, Description, Sql, QueryParameters.FromJson(Parameters), Owner, CreatedAt, UpdatedAt);
}

/// <summary>
/// A saved query's export schedule set (<see cref="Schedule"/>) or, when null, removed, as it travels on the cluster's log.
/// </summary>
internal sealed record QueryScheduleChange(long SavedQueryId, QuerySchedule? Schedule);
