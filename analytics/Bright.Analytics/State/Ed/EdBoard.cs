using Bright.Core.Reference;

namespace Bright.Analytics.State.Ed;

/// <summary>
/// One site's emergency department: attendances from arrival to departure by area, and ambulances from
/// arrival to handover (DOMAIN.md §5). Figures "since midnight" use Europe/London. An event it cannot use is
/// counted as a data-quality issue and never throws. Not thread-safe.
/// </summary>
public sealed partial class EdBoard
{
    private const string UnknownArea = "unknown";
    private readonly Site? _site;
    private readonly EdRules _rules;
    private readonly DataQualityLog _quality;
    private readonly Dictionary<string, Attendance> _attendances = new(StringComparer.Ordinal);
    private readonly List<Attendance> _departed = [];
    private readonly Dictionary<string, Ambulance> _ambulances = new(StringComparer.Ordinal);
    private readonly List<Ambulance> _handedOver = [];

    /// <summary>A board for <paramref name="siteCode"/>, with the ED areas of <paramref name="site"/>'s reference data.</summary>
    public EdBoard(string siteCode, Site? site, EdRules rules, DataQualityLog quality)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteCode);
        SiteCode = siteCode;
        _site = site;
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _quality = quality ?? throw new ArgumentNullException(nameof(quality));
    }

    /// <summary>The site's code.</summary>
    public string SiteCode { get; }

    /// <summary>Folds one event of this site into the board; events of other kinds are ignored.</summary>
    public void Apply(HospitalEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e.Kind)
        {
            case EventKind.EdArrival:
                var key = e.Subject ?? "event:" + e.EventId;
                if (e.Subject is null)
                {
                    _quality.Record(e, "subject: an EdArrival without a subject is counted but cannot be followed to departure.");
                }
                else if (_attendances.ContainsKey(key))
                {
                    _quality.Record(e, "An EdArrival for a patient already in the department; the earlier attendance is replaced.");
                }

                _attendances[key] = new Attendance(e.OccurredAt, Area(e)) { Acuity = Acuity(e) };
                break;
            case EventKind.EdTriage or EventKind.EdSeenByClinician or EventKind.EdDecisionToAdmit or EventKind.EdDeparture:
                Progress(e);
                break;
            case EventKind.AmbulanceArrival:
                if (e.Subject is null)
                {
                    _quality.Record(e, "subject: an AmbulanceArrival without a subject cannot be matched to its handover.");
                }

                _ambulances[e.Subject ?? "event:" + e.EventId] = new Ambulance(e.OccurredAt, Area(e));
                break;
            case EventKind.AmbulanceHandover:
                if (e.Subject is null || !_ambulances.Remove(e.Subject, out var ambulance))
                {
                    _quality.Record(e, "An AmbulanceHandover with no ambulance arrival waiting; it is not counted.");
                    return;
                }

                if (e.OccurredAt < ambulance.ArrivedAt)
                {
                    _quality.Record(e, "occurredAt: the handover is before the ambulance arrived; counted as 0 minutes.");
                }

                ambulance.HandedOverAt = e.OccurredAt < ambulance.ArrivedAt ? ambulance.ArrivedAt : e.OccurredAt;
                _handedOver.Add(ambulance);
                break;
        }
    }

    /// <summary>Forgets what no figure needs: departures and handovers before yesterday, and anything that arrived before the rebuild window.</summary>
    public void Prune(DateTimeOffset now)
    {
        var horizon = now.AddHours(-_rules.RebuildHours);
        _departed.RemoveAll(a => a.ArrivedAt < horizon);
        _handedOver.RemoveAll(a => a.ArrivedAt < horizon);
        foreach (var key in _attendances.Where(a => a.Value.ArrivedAt < horizon).Select(a => a.Key).ToList())
        {
            _attendances.Remove(key);
        }

        foreach (var key in _ambulances.Where(a => a.Value.ArrivedAt < horizon).Select(a => a.Key).ToList())
        {
            _ambulances.Remove(key);
        }
    }

    private void Progress(HospitalEvent e)
    {
        if (e.Subject is null || !_attendances.TryGetValue(e.Subject, out var attendance))
        {
            _quality.Record(e, $"A {e.Kind} for a patient with no EdArrival in the department; it is not counted.");
            return;
        }

        if (e.OccurredAt < attendance.ArrivedAt)
        {
            _quality.Record(e, $"occurredAt: the {e.Kind} is before the patient's arrival; it is kept as at arrival.");
        }

        var at = e.OccurredAt < attendance.ArrivedAt ? attendance.ArrivedAt : e.OccurredAt;
        if (LocationPath.TryParse(e.Location, out var location) && location.Unit == LocationPath.Ed && location.Place is { } area)
        {
            attendance.Area = area;
        }

        switch (e.Kind)
        {
            case EventKind.EdTriage:
                attendance.TriagedAt ??= at;
                attendance.Acuity = Acuity(e) ?? attendance.Acuity;
                break;
            case EventKind.EdSeenByClinician:
                attendance.SeenAt ??= at;
                break;
            case EventKind.EdDecisionToAdmit:
                attendance.DecisionToAdmitAt ??= at;
                break;
            default:
                attendance.DepartedAt = at;
                _attendances.Remove(e.Subject);
                _departed.Add(attendance);
                break;
        }
    }

    private string Area(HospitalEvent e)
    {
        if (LocationPath.TryParse(e.Location, out var location) && location.Unit == LocationPath.Ed && location.Place is { } area)
        {
            return area;
        }

        if (e.Attributes.TryGetValue("area", out var named) && !string.IsNullOrWhiteSpace(named))
        {
            return named;
        }

        _quality.Record(e, $"location: '{e.Location}' names no ED area like {SiteCode}/ed/AREA; shown under '{UnknownArea}'.");
        return UnknownArea;
    }

    private static int? Acuity(HospitalEvent e) =>
        int.TryParse(e.Attributes.GetValueOrDefault("acuity"), System.Globalization.CultureInfo.InvariantCulture, out var acuity) ? acuity : null;

    private sealed class Attendance(DateTimeOffset arrivedAt, string area)
    {
        public DateTimeOffset ArrivedAt { get; } = arrivedAt;

        public string Area { get; set; } = area;

        public int? Acuity { get; set; }

        public DateTimeOffset? TriagedAt { get; set; }

        public DateTimeOffset? SeenAt { get; set; }

        public DateTimeOffset? DecisionToAdmitAt { get; set; }

        public DateTimeOffset? DepartedAt { get; set; }
    }

    private sealed class Ambulance(DateTimeOffset arrivedAt, string area)
    {
        public DateTimeOffset ArrivedAt { get; } = arrivedAt;

        public string Area { get; } = area;

        public DateTimeOffset? HandedOverAt { get; set; }
    }
}
