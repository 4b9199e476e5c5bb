using System.Text.Json;
using Bright.Analytics.State.Alerts;
using Bright.Core.Kpis;
using Bright.Pipelines.Feeds;
using Bright.Server.Alerts;
using Bright.Server.Jobs;
using Bright.Server.Kpis;
using Bright.Server.Opel;
using Bright.Server.Pages;
using Bright.Store;
using Bright.Store.DeadLetters;
using Bright.Store.Feeds;
using Bright.Store.Kpis;
using Bright.Store.Opel;
using Bright.Store.Replication;

namespace Bright.Server.Distributed;

/// <summary>
/// How an administrator's change reaches the nodes: the feed registry, alert rules, the OPEL table, KPI definitions and
/// stored dashboards. Embedded, a
/// change is stored here and applied at once, as it always was. Distributed (<see cref="RedisEventLog"/> present), a
/// change already validated on the node that received it goes on the cluster's log as an entry of its own, and every
/// node, this one too, applies it once (keyed by its place in the log) and refreshes what it holds in memory (feed
/// statuses and owners, the alert rules in force, the OPEL schedule, a KPI's SPC and tile), so the answer shows what this node stored.
/// </summary>
internal sealed class AdministrativeChanges(FeedAdministration feeds, FeedStore feedStore, FeedKpis feedKpis, AlertRuleBook rules, OpelTables opel,
    KpiStore kpis, KpiSpcJob kpiSpc, DashboardCatalogue dashboards, DeadLetterStore deadLetters, TimeProvider clock, RedisEventLog? log = null)
{
    /// <summary>Creates or changes a feed (validated by the caller) and syncs its KPIs.</summary>
    public async Task<FeedSaveResult> SaveFeedAsync(FeedDefinition feed, string by, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            var saved = await feeds.SaveAsync(feed, by, cancellationToken);
            await feedKpis.SyncAsync(saved.Feed, cancellationToken);
            return saved;
        }

        var change = new FeedChange(feed.Id, feed, by, Now());
        return Applied<FeedSaveResult>(await log.AppendChangeAsync(RedisEventLog.FeedChangeField,
            JsonSerializer.SerializeToUtf8Bytes(change, EventLogJson.Default.FeedChange), cancellationToken));
    }

    /// <summary>Retires feed <paramref name="id"/>; null (nothing appended) when there is no such feed.</summary>
    public async Task<StoredFeed?> RetireFeedAsync(string id, string by, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            return await feeds.RetireAsync(id, by, cancellationToken);
        }

        if (await feedStore.FindAsync(id, cancellationToken) is null)
        {
            return null;
        }

        var change = new FeedChange(id, null, by, Now());
        return await log.AppendChangeAsync(RedisEventLog.FeedChangeField, JsonSerializer.SerializeToUtf8Bytes(change, EventLogJson.Default.FeedChange),
            cancellationToken) as StoredFeed;
    }

    /// <summary>Stores <paramref name="rule"/> (validated by the caller) as the next version of <paramref name="id"/>.</summary>
    public async Task<StoredAlertRule> SaveAlertRuleAsync(string id, AlertRule rule, string by, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            return await rules.SaveAsync(id, rule, by, cancellationToken);
        }

        var change = new AlertRuleChange(id, AlertRuleSet.Write(rule with { Id = id }), by, Now());
        return Applied<StoredAlertRule>(await log.AppendChangeAsync(RedisEventLog.AlertRuleChangeField,
            JsonSerializer.SerializeToUtf8Bytes(change, EventLogJson.Default.AlertRuleChange), cancellationToken));
    }

    /// <summary>Disables rule <paramref name="id"/>; null (nothing appended) when there is no such rule.</summary>
    public async Task<StoredAlertRule?> DisableAlertRuleAsync(string id, string by, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            return await rules.DisableAsync(id, by, cancellationToken);
        }

        if ((await rules.ListAsync(cancellationToken)).All(r => r.Rule.Id != id))
        {
            return null;
        }

        var change = new AlertRuleChange(id, null, by, Now());
        return await log.AppendChangeAsync(RedisEventLog.AlertRuleChangeField,
            JsonSerializer.SerializeToUtf8Bytes(change, EventLogJson.Default.AlertRuleChange), cancellationToken) as StoredAlertRule;
    }

    /// <summary>Validates and saves a new OPEL table version (see <see cref="OpelTables.SaveAsync"/>).</summary>
    public async Task<(OpelTableVersion? Saved, IReadOnlyList<(string Field, string Reason)> Errors)> SaveOpelTableAsync(
        System.Text.Json.Nodes.JsonObject body, string by, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            return await opel.SaveAsync(body, by, cancellationToken);
        }

        var (version, errors) = opel.Check(body, by);
        if (version is null)
        {
            return (null, errors);
        }

        return Applied<(OpelTableVersion?, IReadOnlyList<(string, string)>)>(await log.AppendChangeAsync(RedisEventLog.OpelTableChangeField,
            JsonSerializer.SerializeToUtf8Bytes(version, EventLogJson.Default.NewOpelTableVersion), cancellationToken));
    }

    /// <summary>Saves a KPI definition (validated by the caller) as its next revision and recomputes its SPC.</summary>
    public async Task<StoredKpi> SaveKpiAsync(KpiDefinition kpi, string by, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            await kpis.SaveAsync(kpi, by, cancellationToken);
            return await RecomputeAsync(kpi.Id!, cancellationToken);
        }

        var change = new KpiChange(kpi.Id!, JsonSerializer.Serialize(kpi, KpiJson.Options), by, Now());
        return Applied<StoredKpi>(await log.AppendChangeAsync(RedisEventLog.KpiChangeField,
            JsonSerializer.SerializeToUtf8Bytes(change, EventLogJson.Default.KpiChange), cancellationToken));
    }

    /// <summary>Stores a dashboard (validated, its id resolved, by the caller) as <paramref name="owner"/>'s.</summary>
    public async Task<Dashboard> SaveDashboardAsync(DashboardDocument document, string owner, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            return await dashboards.SaveAsync(document, owner, cancellationToken);
        }

        var change = new DashboardChange(document.Id!, JsonSerializer.Serialize(document, KpiJson.Options), owner, Now());
        return Applied<Dashboard>(await log.AppendChangeAsync(RedisEventLog.DashboardChangeField,
            JsonSerializer.SerializeToUtf8Bytes(change, EventLogJson.Default.DashboardChange), cancellationToken));
    }

    /// <summary>Deletes stored dashboard <paramref name="id"/> (the caller checked it exists and may be deleted).</summary>
    public async Task DeleteDashboardAsync(string id, string owner, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            await dashboards.DeleteAsync(id, cancellationToken);
            return;
        }

        var change = new DashboardChange(id, null, owner, Now());
        await log.AppendChangeAsync(RedisEventLog.DashboardChangeField, JsonSerializer.SerializeToUtf8Bytes(change, EventLogJson.Default.DashboardChange),
            cancellationToken);
    }

    private async Task<StoredKpi> RecomputeAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await kpis.FindAsync(id, cancellationToken)
            ?? throw new InvalidOperationException($"KPI {id} was saved but cannot be read back from the store.");
        await kpiSpc.RecomputeAsync(stored, cancellationToken);
        return stored;
    }

    /// <summary>
    /// Reads the feed registry, alert rules, OPEL tables and stored dashboards back from the store into memory (after a
    /// snapshot replaced them) and generates the KPIs of the feeds registered.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await feeds.ApplyAsync(cancellationToken);
        await feedKpis.SyncAllAsync(cancellationToken);
        await rules.ReloadAsync(cancellationToken);
        await opel.LoadAsync(cancellationToken);
        await dashboards.ReloadAsync(cancellationToken);
    }

    /// <summary>
    /// Applies a change entry read from the cluster's log at <paramref name="entryId"/> (one record per entry); answers
    /// what the change stored, for the request waiting on it, or null when it was applied before.
    /// </summary>
    /// <exception cref="JsonException">The entry is not a change BRIGHT wrote.</exception>
    public async Task<object?> ApplyAsync(string entryId, string field, byte[] json, CancellationToken cancellationToken)
    {
        var key = RecordKey.Of(entryId, 0);
        switch (field)
        {
            case RedisEventLog.FeedChangeField:
                var feedChange = JsonSerializer.Deserialize(json, EventLogJson.Default.FeedChange) ?? throw Empty(field);
                if (feedChange.Feed is not { } feed)
                {
                    return await feeds.ApplyRetireAsync(key, feedChange.FeedId, feedChange.By, feedChange.At, cancellationToken);
                }

                var saved = await feeds.ApplySaveAsync(key, feed, feedChange.By, feedChange.At, cancellationToken);
                if (saved is not null)
                {
                    await feedKpis.SyncAsync(saved.Feed, cancellationToken);
                }

                return saved;
            case RedisEventLog.AlertRuleChangeField:
                var ruleChange = JsonSerializer.Deserialize(json, EventLogJson.Default.AlertRuleChange) ?? throw Empty(field);
                return ruleChange.Definition is { } definition
                    ? await rules.ApplySaveAsync(key, ruleChange.RuleId, ParseRule(definition), ruleChange.By, ruleChange.At, cancellationToken)
                    : await rules.ApplyDisableAsync(key, ruleChange.RuleId, ruleChange.By, ruleChange.At, cancellationToken);
            case RedisEventLog.OpelTableChangeField:
                var version = JsonSerializer.Deserialize(json, EventLogJson.Default.NewOpelTableVersion) ?? throw Empty(field);
                return await opel.ApplyAsync(key, version, cancellationToken);
            case RedisEventLog.KpiChangeField:
                var kpiChange = JsonSerializer.Deserialize(json, EventLogJson.Default.KpiChange) ?? throw Empty(field);
                var kpi = JsonSerializer.Deserialize<KpiDefinition>(kpiChange.Definition, KpiJson.Options) ?? throw Empty(field);
                return await kpis.ApplySaveAsync(key, kpi, kpiChange.By, kpiChange.At, cancellationToken) is null
                    ? null
                    : await RecomputeAsync(kpi.Id!, cancellationToken);
            case RedisEventLog.DashboardChangeField:
                // Saving or deleting a dashboard again leaves it as it was, so a redelivered change needs no key of its own.
                var dashboardChange = JsonSerializer.Deserialize(json, EventLogJson.Default.DashboardChange) ?? throw Empty(field);
                if (dashboardChange.Document is null)
                {
                    return await dashboards.DeleteAsync(dashboardChange.DashboardId, cancellationToken);
                }

                var document = JsonSerializer.Deserialize<DashboardDocument>(dashboardChange.Document, KpiJson.Options) ?? throw Empty(field);
                return await dashboards.SaveAsync(document, dashboardChange.Owner, dashboardChange.At, cancellationToken);
            case RedisEventLog.DeadLetterReplayField:
                var replay = JsonSerializer.Deserialize(json, EventLogJson.Default.DeadLetterReplayed) ?? throw Empty(field);
                return await deadLetters.ApplyReplayAsync(key, replay, cancellationToken);
            default:
                throw new JsonException($"'{field}' is not a change this node knows how to apply.");
        }
    }

    /// <summary>The answer when the change could not be put on the cluster's log (or came back too late): 503, nothing changed here.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unavailable(Bright.Store.Events.StoreWriteException ex) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The change could not be replicated",
            detail: $"{ex.Message} Send the change again once the node is ready (GET /health/ready).");

    // A change's time as the store keeps it, so the answer on the node that took it is the time every node reads back.
    private DateTimeOffset Now() => StoreTime.Microseconds(clock.GetUtcNow());

    private static AlertRule ParseRule(string definition)
    {
        try
        {
            return AlertRuleSet.Parse(definition);
        }
        catch (InvalidDataException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    private static JsonException Empty(string field) => new($"The {field} record is empty.");

    // A change this node appended comes back applied; null only if it had been applied before, which a fresh change never is.
    private static T Applied<T>(object? result) => result is T applied
        ? applied
        : throw new InvalidOperationException("The change came back from the cluster's log as already applied.");
}
