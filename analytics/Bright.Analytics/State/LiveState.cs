using Bright.Analytics.State.Alerts;
using Bright.Analytics.State.Beds;
using Bright.Analytics.State.Ed;
using Bright.Analytics.State.Opel;
using Bright.Analytics.State.Theatres;
using Bright.Core.Reference;

namespace Bright.Analytics.State;

/// <summary>
/// The trust's live operational state: per site a bed board, an ED board and a theatre board, fed event by
/// event, plus OPEL and alerts computed from them at a given "now". Events marked
/// <c>excludeFromLiveState=true</c> (HL7 test messages) are ignored, and an event id already applied is
/// applied once. Not thread-safe: one writer at a time, and views read under the same lock.
/// </summary>
public sealed class LiveState
{
    /// <summary>The attribute that keeps an event out of live state (set for HL7 MSH-11 ≠ P).</summary>
    public const string ExcludeAttribute = "excludeFromLiveState";

    private readonly Dictionary<string, SiteBoards> _sites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _applied = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _opelLevels = new(StringComparer.Ordinal);
    private readonly AlertEngine _alertEngine = new();
    private IReadOnlyList<AlertRule> _alertRules = AlertRuleSet.Defaults();

    /// <summary>Empty state for every site of <paramref name="trust"/>.</summary>
    public LiveState(TrustReference trust, LiveStateSettings settings)
    {
        Trust = trust ?? throw new ArgumentNullException(nameof(trust));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        OpelTables = OpelTableSchedule.Single(settings.Opel);
        foreach (var site in trust.Sites)
        {
            _sites[site.Code] = new SiteBoards(new BedBoard(site.Code, site, settings.Beds, DataQuality),
                new EdBoard(site.Code, site, settings.Ed, DataQuality), NewTheatreBoard(site.Code));
        }
    }

    /// <summary>The trust's reference data.</summary>
    public TrustReference Trust { get; }

    /// <summary>The thresholds in force.</summary>
    public LiveStateSettings Settings { get; }

    /// <summary>
    /// The OPEL table's versions; <see cref="Opel"/> scores with the one in force at its "now". Starts as the settings'
    /// table alone; the server replaces it with the versions kept in the store.
    /// </summary>
    public OpelTableSchedule OpelTables { get; set; }

    /// <summary>Events kept but not fully usable.</summary>
    public DataQualityLog DataQuality { get; } = new();

    /// <summary>Alerts raised by the boards.</summary>
    public AlertBook Alerts { get; } = new();

    /// <summary>The alert rules in force, in evaluation order (<see cref="AlertRuleSet.Defaults"/> until replaced); only valid rules belong here.</summary>
    public IReadOnlyList<AlertRule> AlertRules
    {
        get => _alertRules;
        set => _alertRules = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Events applied since the state was built.</summary>
    public long Applied { get; private set; }

    /// <summary>Events ignored as test messages.</summary>
    public long Excluded { get; private set; }

    /// <summary>Site codes, in reference order.</summary>
    public IReadOnlyList<string> Sites => [.. Trust.Sites.Select(s => s.Code)];

    /// <summary>Applies one event; false when it was excluded, a repeat, or for a site the trust does not have.</summary>
    public bool Apply(HospitalEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Attributes.TryGetValue(ExcludeAttribute, out var exclude) && string.Equals(exclude, "true", StringComparison.OrdinalIgnoreCase))
        {
            Excluded++;
            return false;
        }

        if (!_applied.TryAdd(e.EventId, e.OccurredAt))
        {
            return false;
        }

        if (e.Site is null || !_sites.TryGetValue(e.Site, out var boards))
        {
            DataQuality.Record(e, $"site: '{e.Site}' is not a site of this trust; live state ignores the event.");
            return false;
        }

        boards.Beds.Apply(e);
        boards.Ed.Apply(e);
        boards.Theatres.Apply(e);
        Applied++;
        return true;
    }

    /// <summary>Forgets what no view needs any more (old discharges, attendances, lists and applied ids).</summary>
    public void Prune(DateTimeOffset now)
    {
        foreach (var boards in _sites.Values)
        {
            boards.Beds.Prune(now);
            boards.Ed.Prune(now);
            boards.Theatres.Prune(now);
        }

        var horizon = now.AddHours(-Settings.Ed.RebuildHours - 24);
        foreach (var id in _applied.Where(a => a.Value < horizon).Select(a => a.Key).ToList())
        {
            _applied.Remove(id);
        }
    }

    /// <summary>Whether <paramref name="site"/> is a site of the trust.</summary>
    public bool HasSite(string? site) => site is not null && _sites.ContainsKey(site);

    /// <summary>The bed board of a site at <paramref name="now"/>.</summary>
    public BedBoardView Beds(string site, DateTimeOffset now) => Boards(site).Beds.View(now);

    /// <summary>The ED of a site at <paramref name="now"/>.</summary>
    public EdView Ed(string site, DateTimeOffset now) => Boards(site).Ed.View(now);

    /// <summary>The theatre trackboard of a site for local <paramref name="date"/>.</summary>
    public TheatreView Theatres(string site, DateTimeOffset now, DateOnly date) => Boards(site).Theatres.View(now, date);

    /// <summary>A theatre board for <paramref name="site"/> with this state's rules, for a day read from the store.</summary>
    public TheatreBoard NewTheatreBoard(string site) => new(site, Trust.FindSite(site), Settings.Theatres, DataQuality);

    /// <summary>
    /// OPEL per site and for the trust at <paramref name="now"/> (DOMAIN.md §3), scored with the table version in force
    /// at <paramref name="now"/> and labelled by it.
    /// </summary>
    public OpelView Opel(DateTimeOffset now)
    {
        var table = OpelTables.At(now);
        var scores = Sites.Select(site =>
        {
            var ed = Ed(site, now);
            var beds = Beds(site, now);
            var values = new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["handover_mean"] = ed.Ambulances.MeanHandoverMinutes,
                ["four_hour"] = ed.Summary.FourHourPerformance,
                ["majors_resus_occupancy"] = ed.Summary.MajorsResusOccupancy,
                ["time_to_treatment"] = ed.Summary.MedianTimeToTreatmentMinutes,
                ["over_twelve_hours"] = ed.Summary.OverTwelveHoursShare,
                ["ga_occupancy"] = beds.GaOccupancy,
                ["escalation_beds"] = beds.EscalationShare,
                ["nctr_beds"] = beds.NoCriteriaToResideShare,
            };
            return OpelScorer.Score(table.Table, site, values, now);
        }).ToList();
        return OpelScorer.RollUp(table.Table, scores, now) with { EffectiveFrom = table.EffectiveFrom };
    }

    /// <summary>
    /// Evaluates <see cref="AlertRules"/> at <paramref name="now"/> over the boards' signals, a signal when a site's OPEL level
    /// changes (sticky), and <paramref name="external"/> signals (KPIs' SPC, feeds' status).
    /// </summary>
    public AlertChanges EvaluateAlerts(DateTimeOffset now, IEnumerable<AlertSignal>? external = null)
    {
        var today = Core.Time.UkTime.LocalDate(now);
        var signals = new List<AlertSignal>();
        foreach (var site in Sites)
        {
            signals.AddRange(AlertSignals.ForBeds(Beds(site, now)));
            signals.AddRange(AlertSignals.ForEd(Ed(site, now)));
            signals.AddRange(AlertSignals.ForTheatres(Theatres(site, now, today)));
        }

        var opel = Opel(now);
        foreach (var score in opel.Sites)
        {
            if (score.Level is not { } level)
            {
                continue;
            }

            if (_opelLevels.TryGetValue(score.Site, out var before) && before != level)
            {
                signals.Add(AlertSignals.OpelChanged(score.Site, before, level, opel.Label, now));
            }

            _opelLevels[score.Site] = level;
        }

        signals.AddRange(external ?? []);
        return Alerts.Evaluate(_alertEngine.Evaluate(AlertRules, signals, now), now);
    }

    private SiteBoards Boards(string site) => _sites.TryGetValue(site, out var boards)
        ? boards
        : throw new ArgumentException($"'{site}' is not a site of this trust; known sites are {string.Join(", ", Sites)}.", nameof(site));

    private sealed record SiteBoards(BedBoard Beds, EdBoard Ed, TheatreBoard Theatres);
}
