using Bright.Analytics.State.Alerts;
using Bright.Core.Reference;
using Bright.Server.Auth;
using Bright.Server.Live.State;
using Bright.Store.Alerts;

namespace Bright.Server.Alerts;

/// <summary>
/// The alert rules in force: seeded from the shipped rules into the store at start-up, read back, and put into live
/// state; each change is validated first (an invalid rule is refused and the previous version stays in force),
/// stored as a new version saying who and when, and takes effect at the next evaluation. Thread-safe: changes are
/// serialised.
/// </summary>
internal sealed partial class AlertRuleBook(AlertRuleStore store, LiveStateService live, TrustReference trust, TimeProvider clock,
    ILogger<AlertRuleBook> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<StoredAlertRule> _current = [];
    private bool _loaded;

    /// <summary>BRIGHT's role names, as a rule's <c>roles</c> name them.</summary>
    public static IReadOnlyList<string> RoleNames { get; } = Enum.GetNames<BrightRole>();

    /// <summary>Seeds and reads the rules once; later calls return at once.</summary>
    public async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loaded))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            var defaults = AlertRuleSet.Defaults();
            var seeded = await store.SeedAsync([.. defaults.Select(r => (r.Id!, AlertRuleSet.Write(r), r.Enabled))], clock.GetUtcNow(), cancellationToken);
            if (seeded > 0)
            {
                LogSeeded(seeded);
            }

            await RefreshAsync(cancellationToken);
            Volatile.Write(ref _loaded, true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the rules back from the store and puts them in force (after the store's rules were replaced).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await RefreshAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every stored rule (enabled or not) in evaluation order, with its latest version.</summary>
    public async Task<IReadOnlyList<StoredAlertRule>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        return Volatile.Read(ref _current);
    }

    /// <summary>Every problem with <paramref name="rule"/> stored under <paramref name="id"/>, each naming its field.</summary>
    public IReadOnlyList<(string Field, string Reason)> Validate(string id, AlertRule rule)
    {
        var errors = new List<(string, string)>();
        if (rule.Id is not null && rule.Id != id)
        {
            errors.Add(("id", $"'{rule.Id}' differs from the address's '{id}'; leave it out or make them equal"));
            return errors;
        }

        errors.AddRange(Normalised(rule with { Id = id }).Validate(RoleNames, [.. trust.Sites.Select(s => s.Code)]));
        return errors;
    }

    /// <summary>Stores <paramref name="rule"/> as the next version of <paramref name="id"/> (validated by the caller) and puts it in force.</summary>
    public async Task<StoredAlertRule> SaveAsync(string id, AlertRule rule, string by, CancellationToken cancellationToken) =>
        (await SaveCoreAsync(null, id, rule, by, clock.GetUtcNow(), cancellationToken))!;

    /// <summary>Disables rule <paramref name="id"/> as a new version (nothing is deleted); null when there is no such rule.</summary>
    public Task<StoredAlertRule?> DisableAsync(string id, string by, CancellationToken cancellationToken) =>
        DisableCoreAsync(null, id, by, clock.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Applies a save read from the cluster's log at <paramref name="logKey"/> (distributed mode), made at
    /// <paramref name="at"/>; the rule in force when it was new here, or null when that change was applied before.
    /// </summary>
    public Task<StoredAlertRule?> ApplySaveAsync(string logKey, string id, AlertRule rule, string by, DateTimeOffset at,
        CancellationToken cancellationToken) => SaveCoreAsync(logKey, id, rule, by, at, cancellationToken);

    /// <summary>Applies a disabling read from the cluster's log; null when there is no such rule or it was applied before.</summary>
    public Task<StoredAlertRule?> ApplyDisableAsync(string logKey, string id, string by, DateTimeOffset at, CancellationToken cancellationToken) =>
        DisableCoreAsync(logKey, id, by, at, cancellationToken);

    private async Task<StoredAlertRule?> SaveCoreAsync(string? logKey, string id, AlertRule rule, string by, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        var normalised = Normalised(rule with { Id = id });
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var change = _current.Any(r => r.Rule.Id == id) ? "updated" : "created";
            return await AppendAsync(logKey, id, AlertRuleSet.Write(normalised), normalised.Enabled, change, by, at, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<StoredAlertRule?> DisableCoreAsync(string? logKey, string id, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current.FirstOrDefault(r => r.Rule.Id == id) is not { } existing)
            {
                return null;
            }

            var disabled = existing.Rule with { Enabled = false };
            return await AppendAsync(logKey, id, AlertRuleSet.Write(disabled), false, "disabled", by, at, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Under the gate: stores the version (once per log key when replicated) and puts the rules in force.
    private async Task<StoredAlertRule?> AppendAsync(string? logKey, string id, string definition, bool enabled, string change, string by,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (logKey is null)
        {
            await store.AppendAsync(id, definition, enabled, change, by, at, cancellationToken);
        }
        else if (await store.ApplyAsync(logKey, id, definition, enabled, change, by, at, cancellationToken) is null)
        {
            return null;
        }

        await RefreshAsync(cancellationToken);
        return _current.Single(r => r.Rule.Id == id);
    }

    /// <summary>Every version of rule <paramref name="id"/>, oldest first.</summary>
    public Task<IReadOnlyList<AlertRuleVersion>> HistoryAsync(string id, CancellationToken cancellationToken) => store.ReadHistoryAsync(id, cancellationToken);

    // Reads the latest versions and puts the valid ones in force. A stored rule that no longer validates (a site
    // removed from the reference data) is left out and logged rather than stopping every other rule.
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var sites = trust.Sites.Select(s => s.Code).ToList();
        var current = new List<StoredAlertRule>();
        foreach (var version in await store.ReadCurrentAsync(cancellationToken))
        {
            AlertRule rule;
            try
            {
                rule = Normalised(AlertRuleSet.Parse(version.Definition));
            }
            catch (InvalidDataException ex)
            {
                LogStoredRuleInvalid(version.RuleId, version.Version, ex.Message);
                continue;
            }

            if (rule.Validate(RoleNames, sites) is { Count: > 0 } errors)
            {
                LogStoredRuleInvalid(version.RuleId, version.Version, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")));
                continue;
            }

            current.Add(new StoredAlertRule(rule, version.Version, version.Change, version.ChangedAt, version.ChangedBy));
        }

        Volatile.Write(ref _current, current);
        live.UseAlertRules([.. current.Select(r => r.Rule)]);
    }

    public void Dispose() => _gate.Dispose();

    private static AlertRule Normalised(AlertRule rule) => rule with { Roles = rule.Roles ?? [], Sites = rule.Sites ?? [] };

    [LoggerMessage(3201, LogLevel.Information, "Stored {Count} shipped alert rule(s) not yet in the store")]
    private partial void LogSeeded(int count);

    [LoggerMessage(3202, LogLevel.Error, "Stored alert rule {RuleId} version {Version} is not in force: {Reason}")]
    private partial void LogStoredRuleInvalid(string ruleId, int version, string reason);
}

/// <summary>A rule in force (or disabled) with its latest version's audit.</summary>
internal sealed record StoredAlertRule(AlertRule Rule, int Version, string Change, DateTimeOffset ChangedAt, string ChangedBy);
