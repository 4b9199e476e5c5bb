using Bright.Store.Replication;
using Dapper;

namespace Bright.Store.Alerts;

/// <summary>
/// Alert rules, versioned and audited (<c>alert_rule_version</c>): each change appends a version saying who made it,
/// when and what it was; nothing is updated or deleted. The store keeps a rule's JSON as given; validating it is the
/// caller's job. Thread-safe; concurrent changes to one rule are serialised by the caller.
/// </summary>
public sealed class AlertRuleStore(BrightStore store)
{
    /// <summary>Who the seed is recorded as.</summary>
    public const string SeededBy = "bright";

    /// <summary>Stores version 1 (<c>seeded</c>) of each rule whose id has no version yet, after the stored ones; returns how many.</summary>
    public async Task<int> SeedAsync(IReadOnlyList<(string Id, string Definition, bool Enabled)> rules, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var known = (await connection.QueryAsync<string>(new CommandDefinition("SELECT DISTINCT rule_id FROM alert_rule_version", transaction: transaction,
            cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var position = await NextPositionAsync(connection, transaction, cancellationToken);
        var added = 0;
        foreach (var (id, definition, enabled) in rules.Where(r => !known.Contains(r.Id)))
        {
            await InsertAsync(connection, transaction, new AlertRuleVersion(id, 1, position++, definition, enabled, "seeded", at, SeededBy), cancellationToken);
            added++;
        }

        transaction.Commit();
        return added;
    }

    /// <summary>Appends a version of rule <paramref name="id"/> (its first when new, placed after every other rule) and returns it.</summary>
    /// <param name="id">The rule's id.</param>
    /// <param name="definition">The rule's JSON, already validated.</param>
    /// <param name="enabled">Whether the rule is in force.</param>
    /// <param name="change">What the change was: <c>created</c>, <c>updated</c> or <c>disabled</c>.</param>
    /// <param name="by">Who made it (a token name).</param>
    /// <param name="at">When (UTC).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<AlertRuleVersion> AppendAsync(string id, string definition, bool enabled, string change, string by, DateTimeOffset at,
        CancellationToken cancellationToken = default) =>
        (await AppendCoreAsync(null, id, definition, enabled, change, by, at, cancellationToken))!;

    /// <summary>
    /// Appends a version read from the cluster's log at <paramref name="logKey"/> (see <see cref="AppendAsync"/>); null,
    /// storing nothing, when that change was applied before.
    /// </summary>
    /// <param name="logKey">The change's place in the cluster's log.</param>
    /// <param name="id">The rule's id.</param>
    /// <param name="definition">The rule's JSON, already validated.</param>
    /// <param name="enabled">Whether the rule is in force.</param>
    /// <param name="change">What the change was: <c>created</c>, <c>updated</c> or <c>disabled</c>.</param>
    /// <param name="by">Who made it (a token name).</param>
    /// <param name="at">When (UTC), as the node that took the change recorded it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<AlertRuleVersion?> ApplyAsync(string logKey, string id, string definition, bool enabled, string change, string by, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logKey);
        return AppendCoreAsync(logKey, id, definition, enabled, change, by, at, cancellationToken);
    }

    private async Task<AlertRuleVersion?> AppendCoreAsync(string? logKey, string id, string definition, bool enabled, string change, string by,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        if (logKey is not null && !await ReplicatedChanges.ClaimAsync(connection, transaction, logKey, ReplicatedChanges.AlertRule, at, cancellationToken))
        {
            return null;
        }

        var latest = await connection.QueryFirstOrDefaultAsync<Latest>(new CommandDefinition("""
            SELECT version AS Version, position AS Position FROM alert_rule_version WHERE rule_id = $id ORDER BY version DESC LIMIT 1
            """, new { id }, transaction, cancellationToken: cancellationToken));
        var position = latest?.Position ?? await NextPositionAsync(connection, transaction, cancellationToken);
        var version = new AlertRuleVersion(id, (latest?.Version ?? 0) + 1, position, definition, enabled, change, at, by);
        await InsertAsync(connection, transaction, version, cancellationToken);
        transaction.Commit();
        return version;
    }

    /// <summary>The latest version of every rule, in evaluation order.</summary>
    public async Task<IReadOnlyList<AlertRuleVersion>> ReadCurrentAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT rule_id AS RuleId, version AS Version, position AS Position, definition::VARCHAR AS Definition, enabled AS Enabled, change AS Change,
                changed_at AS ChangedAt, changed_by AS ChangedBy
            FROM alert_rule_version
            QUALIFY row_number() OVER (PARTITION BY rule_id ORDER BY version DESC) = 1
            ORDER BY position, rule_id
            """, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToVersion())];
    }

    /// <summary>Every version of rule <paramref name="id"/>, oldest first; empty when it was never stored.</summary>
    public async Task<IReadOnlyList<AlertRuleVersion>> ReadHistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT rule_id AS RuleId, version AS Version, position AS Position, definition::VARCHAR AS Definition, enabled AS Enabled, change AS Change,
                changed_at AS ChangedAt, changed_by AS ChangedBy
            FROM alert_rule_version WHERE rule_id = $id ORDER BY version
            """, new { id }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToVersion())];
    }

    private static async Task<int> NextPositionAsync(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction,
        CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT coalesce(max(position) + 1, 0)::INTEGER FROM alert_rule_version",
            transaction: transaction, cancellationToken: cancellationToken));

    private static Task<int> InsertAsync(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, AlertRuleVersion v,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO alert_rule_version (rule_id, version, position, definition, enabled, change, changed_at, changed_by)
            VALUES ($id, $version, $position, $definition, $enabled, $change, $at, $by)
            """, new
        {
            id = v.RuleId,
            version = v.Version,
            position = v.Position,
            definition = v.Definition,
            enabled = v.Enabled,
            change = v.Change,
            at = v.ChangedAt.UtcDateTime,
            by = v.ChangedBy,
        }, transaction, cancellationToken: cancellationToken));

    private sealed record Latest(int Version, int Position);

    private sealed record Row(string RuleId, int Version, int Position, string Definition, bool Enabled, string Change, DateTime ChangedAt, string ChangedBy)
    {
        public AlertRuleVersion ToVersion() => new(RuleId, Version, Position, Definition, Enabled, Change,
            new DateTimeOffset(DateTime.SpecifyKind(ChangedAt, DateTimeKind.Utc)), ChangedBy);
    }
}

/// <summary>One stored version of an alert rule.</summary>
/// <param name="RuleId">The rule's id.</param>
/// <param name="Version">1 for the first, then one more per change.</param>
/// <param name="Position">The rule's place in evaluation order.</param>
/// <param name="Definition">The rule as JSON.</param>
/// <param name="Enabled">Whether it is in force.</param>
/// <param name="Change"><c>seeded</c>, <c>created</c>, <c>updated</c> or <c>disabled</c>.</param>
/// <param name="ChangedAt">When (UTC).</param>
/// <param name="ChangedBy">Who (a token name, or <c>bright</c> for the seed).</param>
public sealed record AlertRuleVersion(string RuleId, int Version, int Position, string Definition, bool Enabled, string Change,
    DateTimeOffset ChangedAt, string ChangedBy);
