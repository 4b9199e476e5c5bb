using System.Threading.Channels;
using Bright.Analytics.State;
using Bright.Analytics.State.Alerts;
using Bright.Analytics.State.Opel;
using Bright.Core.Reference;
using Bright.Store;
using Bright.Store.LiveHistory;

namespace Bright.Server.Live.State;

/// <summary>
/// Owns the trust's <see cref="LiveState"/>: one loop (<see cref="LiveStateLoop"/>) writes to it, and topics and
/// endpoints read views from it under one lock. Committed events arrive through <see cref="Incoming"/>.
/// </summary>
internal sealed class LiveStateService(TrustReference trust, LiveStateSettings settings, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly List<Alert> _raised = [];
    private readonly List<string> _resolved = [];
    private readonly List<AlertEvent> _audit = [];
    private readonly Dictionary<string, (string By, DateTimeOffset At)> _acknowledgements = new(StringComparer.Ordinal);
    private LiveState _state = new(trust, settings);
    private IReadOnlyList<AlertRule> _alertRules = AlertRuleSet.Defaults();
    private OpelTableSchedule _opelTables = OpelTableSchedule.Single(settings.Opel);
    private readonly Dictionary<string, long> _siteChanges = new(StringComparer.Ordinal);
    private long _trustChanges;

    /// <summary>
    /// Batches of committed events for the loop. Unbounded because the writer must never wait on live state;
    /// the observer keeps it small by passing only events inside the live window.
    /// </summary>
    public Channel<IReadOnlyList<HospitalEvent>> Incoming { get; } =
        Channel.CreateUnbounded<IReadOnlyList<HospitalEvent>>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>How often a topic computes again a view nothing has touched, for what time alone changes in it (minutes, bands).</summary>
    public static readonly TimeSpan ViewRefresh = TimeSpan.FromSeconds(1);

    public TrustReference Trust => trust;

    public LiveStateSettings Settings => settings;

    public TimeProvider Clock => clock;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first rebuild from the store has finished (or failed, leaving the state empty).</summary>
    public Task WhenReady => _ready.Task;

    public void MarkReady() => _ready.TrySetResult();

    /// <summary>Replaces the state with one folded from <paramref name="events"/> (read from the store, in occurrence order).</summary>
    public void Rebuild(IReadOnlyList<HospitalEvent> events)
    {
        var fresh = new LiveState(trust, settings);
        lock (_gate)
        {
            fresh.AlertRules = _alertRules;
        }

        foreach (var e in events)
        {
            fresh.Apply(e);
        }

        lock (_gate)
        {
            foreach (var (id, ack) in _acknowledgements)
            {
                fresh.Alerts.RestoreAcknowledgement(id, ack.By, ack.At);
            }

            fresh.OpelTables = _opelTables;
            _trustChanges++;
            _state = fresh;
        }
    }

    /// <summary>The OPEL table's versions live state scores with (the one in force at each "now").</summary>
    public OpelTableSchedule OpelTables
    {
        get
        {
            lock (_gate)
            {
                return _opelTables;
            }
        }
    }

    /// <summary>Replaces the OPEL table's versions; the next view scores with the one in force then.</summary>
    public void SetOpelTables(OpelTableSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        lock (_gate)
        {
            _trustChanges++;
            _opelTables = schedule;
            _state.OpelTables = schedule;
        }
    }

    public void Apply(IReadOnlyList<HospitalEvent> events)
    {
        lock (_gate)
        {
            foreach (var e in events)
            {
                _state.Apply(e);
                if (e.Site is not null && _siteChanges.TryGetValue(e.Site, out var n))
                {
                    _siteChanges[e.Site] = n + 1;
                }
                else if (_state.HasSite(e.Site))
                {
                    _siteChanges[e.Site!] = 1;
                }
                else
                {
                    _trustChanges++;
                }
            }
        }
    }

    /// <summary>
    /// A stamp that moves whenever what a view of <paramref name="site"/> (null: of the whole trust) shows may have changed
    /// other than by time passing: an event of that site, or anything trust-wide (a rebuild, alert rules or their
    /// evaluation, acknowledgements, the OPEL table). Topics compare it to skip computing a view nothing has touched.
    /// </summary>
    public (long Trust, long Site) ChangesOf(string? site)
    {
        lock (_gate)
        {
            return (_trustChanges, site is null ? _siteChanges.Values.Sum() : _siteChanges.GetValueOrDefault(site));
        }
    }

    public T Read<T>(Func<LiveState, DateTimeOffset, T> view)
    {
        lock (_gate)
        {
            return view(_state, clock.GetUtcNow());
        }
    }

    /// <summary>Puts <paramref name="rules"/> (validated, in evaluation order) in force from the next evaluation.</summary>
    public void UseAlertRules(IReadOnlyList<AlertRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        lock (_gate)
        {
            _trustChanges++;
            _alertRules = rules;
            _state.AlertRules = rules;
        }
    }

    /// <summary>
    /// Evaluates alert rules over the boards and <paramref name="external"/> signals (KPIs, feeds) and keeps what changed
    /// for the <c>alerts</c> topic.
    /// </summary>
    public void EvaluateAlerts(IEnumerable<AlertSignal>? external = null)
    {
        lock (_gate)
        {
            _trustChanges++;
            var now = clock.GetUtcNow();
            _state.Prune(now);
            var before = _state.Alerts.Active.ToDictionary(a => a.Id, StringComparer.Ordinal);
            var changes = _state.EvaluateAlerts(now, external);
            _raised.RemoveAll(a => changes.Raised.Any(r => r.Id == a.Id) || changes.Resolved.Contains(a.Id));
            _raised.AddRange(changes.Raised);
            _resolved.AddRange(changes.Resolved);
            _audit.AddRange(changes.Raised.Where(a => a.RaisedAt == now).Select(a => Audit(now, "raised", a)));
            _audit.AddRange(changes.Resolved.Where(before.ContainsKey).Select(id => Audit(now, "resolved", before[id])));
        }
    }

    /// <summary>Alerts raised and resolved since the last call, for the audit table.</summary>
    public IReadOnlyList<AlertEvent> TakeAlertAudit()
    {
        lock (_gate)
        {
            var taken = _audit.ToList();
            _audit.Clear();
            return taken;
        }
    }

    private static AlertEvent Audit(DateTimeOffset at, string kind, Alert a) => new(at, a.Id, kind, a.Rule, a.Severity, a.Site, a.Location, a.Message);

    /// <summary>Acknowledgements read from the store: alerts raised again for a condition that still holds keep them.</summary>
    public void RestoreAcknowledgements(IEnumerable<(string Id, string By, DateTimeOffset At)> acknowledgements)
    {
        lock (_gate)
        {
            foreach (var (id, by, at) in acknowledgements)
            {
                _trustChanges++;
                _acknowledgements.TryAdd(id, (by, at));
                _state.Alerts.RestoreAcknowledgement(id, by, at);
            }
        }
    }

    /// <summary>
    /// An acknowledgement made on another node of the cluster (read from the log): applied as if made here, and
    /// told to the <c>alerts</c> topic. Nothing changes when the alert is acknowledged already.
    /// </summary>
    public void AcknowledgedElsewhere(string id, string by, DateTimeOffset at)
    {
        lock (_gate)
        {
            _trustChanges++;
            _acknowledgements.TryAdd(id, (by, at));
            if (!_state.Alerts.Active.Any(a => a.Id == id && a.AcknowledgedAt is null))
            {
                _state.Alerts.RestoreAcknowledgement(id, by, at);
                return;
            }

            var alert = _state.Alerts.Acknowledge(id, by, at)!;
            _raised.RemoveAll(a => a.Id == id);
            if (_state.Alerts.Active.Any(a => a.Id == id))
            {
                _raised.Add(alert);
            }
            else
            {
                _resolved.Add(id);
            }
        }
    }

    /// <summary>Acknowledges an active alert; <paramref name="first"/> is false when it had been acknowledged already.</summary>
    public Alert? Acknowledge(string id, string by, out bool first)
    {
        lock (_gate)
        {
            _trustChanges++;
            first = _state.Alerts.Active.Any(a => a.Id == id && a.AcknowledgedAt is null);
            // Microseconds, as the store keeps them, so the time shown now is the time shown after a restart.
            var alert = _state.Alerts.Acknowledge(id, by, StoreTime.Microseconds(clock.GetUtcNow()));
            if (alert is not null)
            {
                _acknowledgements.TryAdd(id, (alert.AcknowledgedBy!, alert.AcknowledgedAt!.Value));
                _raised.RemoveAll(a => a.Id == id);
                if (_state.Alerts.Active.Any(a => a.Id == id))
                {
                    _raised.Add(alert);
                }
                else
                {
                    _resolved.Add(id);
                    _audit.Add(Audit(alert.AcknowledgedAt!.Value, "resolved", alert));
                }
            }

            return alert;
        }
    }

    /// <summary>Alert changes since the last call, or null when none.</summary>
    public AlertsDelta? TakeAlertChanges()
    {
        lock (_gate)
        {
            if (_raised.Count == 0 && _resolved.Count == 0)
            {
                return null;
            }

            var delta = new AlertsDelta(clock.GetUtcNow(), [.. _raised], [.. _resolved.Distinct(StringComparer.Ordinal)]);
            _raised.Clear();
            _resolved.Clear();
            return delta;
        }
    }
}

/// <summary>The <c>alerts</c> topic's snapshot: every active alert.</summary>
internal sealed record AlertsSnapshot(DateTimeOffset AsOf, IReadOnlyList<Alert> Alerts);

/// <summary>The <c>alerts</c> topic's delta: alerts raised or changed (replace by id) and ids resolved (remove).</summary>
internal sealed record AlertsDelta(DateTimeOffset AsOf, IReadOnlyList<Alert> Raised, IReadOnlyList<string> Resolved);
