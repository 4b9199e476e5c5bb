using System.Globalization;
using Bright.Core.Reference;

namespace Bright.Analytics.State.Beds;

/// <summary>
/// One site's beds, wards and open encounters, folded event by event (DOMAIN.md §4): admissions occupy,
/// transfers and discharges leave beds to clean, cleaning makes them available, cancels put back what they
/// cancelled, A17 swaps two occupants. Beds unknown to reference data appear on the board. An event it
/// cannot use is kept in the count of data-quality issues and never throws. Not thread-safe.
/// </summary>
public sealed partial class BedBoard
{
    private readonly Site? _site;
    private readonly BedRules _rules;
    private readonly DataQualityLog _quality;
    private readonly Dictionary<string, WardInfo> _wards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bed> _beds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Encounter> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Discharged> _closed = new(StringComparer.Ordinal);
    private readonly List<Discharged> _discharges = [];
    private readonly Dictionary<string, PendingAdmission> _pending = new(StringComparer.Ordinal);

    /// <summary>A board for <paramref name="siteCode"/>, with every bed of <paramref name="site"/>'s reference data.</summary>
    public BedBoard(string siteCode, Site? site, BedRules rules, DataQualityLog quality)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteCode);
        SiteCode = siteCode;
        _site = site;
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _quality = quality ?? throw new ArgumentNullException(nameof(quality));
        foreach (var ward in site?.Wards ?? [])
        {
            _wards[ward.Code] = new WardInfo(ward.Code, ward.Name, ward.Type.ToString().ToLowerInvariant(), ward.IsGeneralAndAcute, ward.Type == WardType.GA,
                true);
            foreach (var code in ward.CoreBedCodes)
            {
                _beds[Key(ward.Code, code)] = new Bed(ward.Code, code, known: true, escalation: false);
            }

            foreach (var code in ward.EscalationBedCodes)
            {
                _beds[Key(ward.Code, code)] = new Bed(ward.Code, code, known: true, escalation: true);
            }
        }
    }

    /// <summary>The site's code.</summary>
    public string SiteCode { get; }

    /// <summary>Folds one event of this site into the board; events of other kinds are ignored.</summary>
    public void Apply(HospitalEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e.Kind)
        {
            case EventKind.Admission:
                Admit(e);
                break;
            case EventKind.Transfer:
                Transfer(e);
                break;
            case EventKind.Discharge:
                Discharge(e);
                break;
            case EventKind.BedStatusChanged:
                StatusChanged(e);
                break;
            case EventKind.BedSwap:
                Swap(e);
                break;
            case EventKind.AdmissionCancelled or EventKind.TransferCancelled or EventKind.DischargeCancelled:
                Cancel(e);
                break;
            case EventKind.DischargePlanned:
                PlanDischarge(e);
                break;
            case EventKind.CriteriaToResideChanged:
                CriteriaChanged(e);
                break;
            case EventKind.PreAdmission or EventKind.EdDecisionToAdmit:
                Expect(e);
                break;
        }
    }

    /// <summary>Forgets discharges before yesterday and pending admissions a day past their expected time.</summary>
    public void Prune(DateTimeOffset now)
    {
        var today = Core.Time.UkTime.LocalDate(now);
        _discharges.RemoveAll(d => Core.Time.UkTime.LocalDate(d.At) < today.AddDays(-1));
        foreach (var subject in _closed.Where(c => Core.Time.UkTime.LocalDate(c.Value.At) < today.AddDays(-1)).Select(c => c.Key).ToList())
        {
            _closed.Remove(subject);
        }

        foreach (var subject in _pending.Where(p => p.Value.ExpectedAt < now.AddDays(-1)).Select(p => p.Key).ToList())
        {
            _pending.Remove(subject);
        }
    }

    private void Admit(HospitalEvent e)
    {
        if (!TryBed(e, e.Location, "location", out var bed))
        {
            return;
        }

        if (e.Subject is not { } subject)
        {
            _quality.Record(e, "subject: an Admission without a subject occupies its bed but opens no encounter.");
            bed.Set(BedStatus.Occupied, e.OccurredAt, null);
            return;
        }

        if (_open.TryGetValue(subject, out var existing))
        {
            _quality.Record(e, "Admission of a patient already admitted on this site; treated as a move to the new bed.");
            MoveInto(e, existing, existing.Bed, bed, EventKind.Transfer);
            return;
        }

        var encounter = new Encounter(subject)
        {
            AdmittedAt = Instant(e, "admittedAt") ?? e.OccurredAt,
            PatientClass = e.Attributes.GetValueOrDefault("patientClass"),
        };
        _open[subject] = encounter;
        MoveInto(e, encounter, null, bed, EventKind.Admission);
    }

    private void Transfer(HospitalEvent e)
    {
        if (!TryBed(e, e.Location, "location", out var to) || !TryEncounter(e, out var encounter))
        {
            return;
        }

        var from = encounter.Bed;
        if (e.Attributes.TryGetValue("from", out var fromPath) && TryBed(e, fromPath, "attributes.from", out var named))
        {
            from = named;
        }

        MoveInto(e, encounter, from, to, EventKind.Transfer);
    }

    private void MoveInto(HospitalEvent e, Encounter encounter, Bed? from, Bed to, EventKind kind)
    {
        if (to.Status == BedStatus.Occupied && to.Subject is { } other && other != encounter.Subject)
        {
            _quality.Record(e, $"location: {SiteCode}/{to.Ward}/{to.Code} was occupied by another patient; the feed is taken as the truth.");
            if (_open.TryGetValue(other, out var displaced) && displaced.Bed == to)
            {
                displaced.Bed = null;
            }
        }

        var undo = new Undo(kind, from, from?.Save() ?? default, to, to.Save(), null);
        if (from is not null && from != to && (from.Subject is null || from.Subject == encounter.Subject))
        {
            from.Set(BedStatus.ToClean, e.OccurredAt, null);
        }

        to.Set(BedStatus.Occupied, e.OccurredAt, encounter.Subject);
        encounter.Bed = to;
        encounter.History.Push(undo);
        _pending.Remove(encounter.Subject);
    }

    private void Discharge(HospitalEvent e)
    {
        if (!TryEncounter(e, out var encounter))
        {
            return;
        }

        var bed = encounter.Bed;
        if (e.Location is not null && TryBed(e, e.Location, "location", out var named))
        {
            bed = named;
        }

        var record = new Discharged(bed?.Ward ?? encounter.Bed?.Ward ?? "", Instant(e, "dischargedAt") ?? e.OccurredAt, encounter);
        encounter.History.Push(new Undo(EventKind.Discharge, bed, bed?.Save() ?? default, null, default, record));
        if (bed is not null && (bed.Subject is null || bed.Subject == encounter.Subject))
        {
            bed.Set(BedStatus.ToClean, e.OccurredAt, null);
        }

        _open.Remove(encounter.Subject);
        _closed[encounter.Subject] = record;
        _discharges.Add(record);
    }

    private void StatusChanged(HospitalEvent e)
    {
        if (!TryBed(e, e.Location, "location", out var bed))
        {
            return;
        }

        if (!BedStatus.IsKnown(e.Code))
        {
            _quality.Record(e, $"code: '{e.Code}' is not a bed status; the bed keeps '{bed.Status}'.");
            return;
        }

        if (bed.Since is { } since && e.OccurredAt < since)
        {
            _quality.Record(e, $"occurredAt: a status older than the bed's current one ({since:O}) is kept but not shown.");
            return;
        }

        if (e.Attributes.TryGetValue("escalation", out var escalation) && !bed.Known)
        {
            bed.Escalation = string.Equals(escalation, "true", StringComparison.OrdinalIgnoreCase);
        }

        var holdsPatient = e.Code is BedStatus.Occupied or BedStatus.Reserved;
        bed.Set(e.Code!, e.OccurredAt, holdsPatient ? e.Subject ?? bed.Subject : null, e.Attributes.GetValueOrDefault("reason"));
    }

    private void Swap(HospitalEvent e)
    {
        var otherSubject = e.Attributes.GetValueOrDefault("otherSubject");
        if (e.Subject is null || otherSubject is null || !TryBed(e, e.Location, "location", out var first)
            || !TryBed(e, e.Attributes.GetValueOrDefault("otherLocation"), "attributes.otherLocation", out var second))
        {
            if (e.Subject is null || otherSubject is null)
            {
                _quality.Record(e, "subject/attributes.otherSubject: a bed swap needs both patients; nothing was swapped.");
            }

            return;
        }

        first.Set(BedStatus.Occupied, e.OccurredAt, e.Subject);
        second.Set(BedStatus.Occupied, e.OccurredAt, otherSubject);
        foreach (var (subject, bed) in new[] { (e.Subject, first), (otherSubject, second) })
        {
            if (_open.TryGetValue(subject, out var encounter))
            {
                encounter.Bed = bed;
            }
            else
            {
                _quality.Record(e, "A bed swap names a patient with no open admission on this site.");
            }
        }
    }

    private bool TryEncounter(HospitalEvent e, out Encounter encounter)
    {
        encounter = null!;
        if (e.Subject is not { } subject)
        {
            _quality.Record(e, $"subject: a {e.Kind} needs a subject; the event is kept but changes no bed.");
            return false;
        }

        if (_open.TryGetValue(subject, out encounter!))
        {
            return true;
        }

        if (e.Kind != EventKind.Transfer)
        {
            _quality.Record(e, $"A {e.Kind} for a patient with no open admission on this site.");
            return false;
        }

        _quality.Record(e, "A Transfer for a patient with no open admission; the admission is assumed.");
        encounter = new Encounter(subject) { AdmittedAt = Instant(e, "admittedAt") ?? e.OccurredAt };
        _open[subject] = encounter;
        return true;
    }

    private bool TryBed(HospitalEvent e, string? path, string field, out Bed bed)
    {
        bed = null!;
        if (!LocationPath.TryParse(path, out var location) || location.Place is null
            || location.Unit is LocationPath.Ed or LocationPath.Theatres)
        {
            _quality.Record(e, $"{field}: '{path}' is not a bed path like {SiteCode}/WARD/BED; no bed was changed.");
            return false;
        }

        if (!string.Equals(location.Site, SiteCode, StringComparison.Ordinal))
        {
            _quality.Record(e, $"{field}: '{path}' is not on site {SiteCode}; no bed was changed.");
            return false;
        }

        var key = Key(location.Unit!, location.Place);
        if (!_beds.TryGetValue(key, out bed!))
        {
            if (!_wards.ContainsKey(location.Unit!))
            {
                _wards[location.Unit!] = new WardInfo(location.Unit!, location.Unit!, "unknown", false, false, false);
            }

            bed = new Bed(location.Unit!, location.Place, known: false, escalation: false);
            _beds[key] = bed;
        }

        return true;
    }

    private static DateTimeOffset? Instant(HospitalEvent e, string attribute) =>
        e.Attributes.TryGetValue(attribute, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;

    private static string Key(string ward, string bed) => ward + "/" + bed;

    private sealed record WardInfo(string Code, string Name, string Type, bool GeneralAndAcute, bool BaseWard, bool Known);
}
