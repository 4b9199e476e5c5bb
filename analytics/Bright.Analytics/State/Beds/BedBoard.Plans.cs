using System.Globalization;

namespace Bright.Analytics.State.Beds;

public sealed partial class BedBoard
{
    /// <summary>
    /// A11/A12/A13: undoes the subject's latest event of the cancelled kind (attribute <c>cancels</c>, else the
    /// kind the cancel names), from what that event changed, never from the cancel's own locations (DOMAIN.md §7.2).
    /// </summary>
    private void Cancel(HospitalEvent e)
    {
        var target = e.Kind switch
        {
            EventKind.AdmissionCancelled => EventKind.Admission,
            EventKind.TransferCancelled => EventKind.Transfer,
            _ => EventKind.Discharge,
        };
        if (e.Attributes.TryGetValue("cancels", out var named) && (!Enum.TryParse(named, out EventKind parsed) || parsed != target))
        {
            _quality.Record(e, $"attributes.cancels: '{named}' does not match a {e.Kind}; {target} is undone.");
        }

        if (e.Subject is not { } subject)
        {
            _quality.Record(e, $"subject: a {e.Kind} needs a subject; nothing was undone.");
            return;
        }

        if (target == EventKind.Discharge)
        {
            UndoDischarge(e, subject);
            return;
        }

        if (!_open.TryGetValue(subject, out var encounter) || !encounter.History.Any(u => u.Kind == target))
        {
            _quality.Record(e, $"There is no {target} of this patient to cancel; nothing was undone.");
            return;
        }

        var undo = PopLatest(encounter.History, target);
        if (undo.To is { } to && to.Subject == subject)
        {
            to.Restore(undo.ToBefore);
        }

        if (target == EventKind.Admission)
        {
            _open.Remove(subject);
            return;
        }

        if (undo.From is { } from)
        {
            from.Restore(undo.FromBefore);
            from.Subject = subject;
        }

        encounter.Bed = undo.From;
    }

    private void UndoDischarge(HospitalEvent e, string subject)
    {
        if (!_closed.Remove(subject, out var record))
        {
            _quality.Record(e, "There is no recent Discharge of this patient to cancel; nothing was undone.");
            return;
        }

        var encounter = record.Encounter;
        var undo = PopLatest(encounter.History, EventKind.Discharge);
        _discharges.Remove(record);
        _open[subject] = encounter;
        if (undo.From is { } bed)
        {
            if (bed.Status == BedStatus.Occupied && bed.Subject is not null && bed.Subject != subject)
            {
                _quality.Record(e, $"The bed {SiteCode}/{bed.Ward}/{bed.Code} was taken after the discharge; the readmitted patient has no bed.");
                encounter.Bed = null;
                return;
            }

            bed.Restore(undo.FromBefore);
            bed.Subject = subject;
            encounter.Bed = bed;
        }
    }

    private static Undo PopLatest(Stack<Undo> history, EventKind kind)
    {
        var kept = new Stack<Undo>();
        while (history.Peek().Kind != kind)
        {
            kept.Push(history.Pop());
        }

        var found = history.Pop();
        while (kept.Count > 0)
        {
            history.Push(kept.Pop());
        }

        return found;
    }

    private void PlanDischarge(HospitalEvent e)
    {
        if (!TryEncounter(e, out var encounter))
        {
            return;
        }

        if (e.Code is not ("pending" or "confirmed"))
        {
            _quality.Record(e, $"code: a DischargePlanned needs 'pending' or 'confirmed' (was '{e.Code}').");
            return;
        }

        encounter.DischargeStatus = e.Code;
        encounter.ExpectedDischarge = Instant(e, "expectedAt") ?? encounter.ExpectedDischarge;
    }

    private void CriteriaChanged(HospitalEvent e)
    {
        if (!TryEncounter(e, out var encounter))
        {
            return;
        }

        switch (e.Code)
        {
            case "no":
                encounter.NoCriteriaToReside = true;
                encounter.DischargeReadyDate = DateOnly.TryParseExact(e.Attributes.GetValueOrDefault("dischargeReadyDate"), "yyyy-MM-dd",
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var ready) ? ready : Core.Time.UkTime.LocalDate(e.OccurredAt);
                break;
            case "yes":
                encounter.NoCriteriaToReside = false;
                encounter.DischargeReadyDate = null;
                break;
            default:
                _quality.Record(e, $"code: a CriteriaToResideChanged needs 'yes' or 'no' (was '{e.Code}').");
                break;
        }
    }

    /// <summary>A decision to admit or a pre-admission owes the patient a bed on a ward until they are admitted.</summary>
    private void Expect(HospitalEvent e)
    {
        var ward = e.Attributes.GetValueOrDefault("ward");
        if (ward is null && e.Kind == EventKind.PreAdmission && LocationPath.TryParse(e.Location, out var location))
        {
            ward = location.Unit;
        }

        if (e.Subject is null || ward is null)
        {
            if (e.Kind == EventKind.PreAdmission)
            {
                _quality.Record(e, "subject/attributes.ward: a PreAdmission needs a patient and a ward to count as a pending admission.");
            }

            return;
        }

        if (!_open.ContainsKey(e.Subject))
        {
            _pending[e.Subject] = new PendingAdmission(ward, Instant(e, "expectedAt") ?? e.OccurredAt);
        }
    }
}
