using System.Globalization;
using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Simulator.Calibration;
using Bright.Simulator.Engine;
using Bright.Simulator.Model;

namespace Bright.Simulator;

public sealed partial class TrustSimulator
{
    /// <summary>Lists are confirmed two weeks ahead ("6-4-2", DOMAIN.md §6).</summary>
    private const int ListPlanningDays = 14;

    /// <summary>Cases are booked, and patients told, three days ahead.</summary>
    private const int CaseBookingDays = 3;

    /// <summary>
    /// ASSUMPTION: schedulers book a list to 95-100% of its session by the procedures' planned minutes and the turnaround
    /// the theatres actually take (<see cref="BookedTurnaroundMinutes"/>), filling the time left with a case from the
    /// waiting list that fits.
    /// </summary>
    private const double ListFillLow = 0.95;

    /// <summary>The most of its session a list is booked to (see <see cref="ListFillLow"/>).</summary>
    private const double ListFillHigh = 1.0;

    /// <summary>Minutes booked between cases: the 20-25 minutes turnarounds take on the day (about 25 on average).</summary>
    private const int BookedTurnaroundMinutes = 25;

    private readonly Dictionary<int, List<TheatreList>> _lists = [];
    private readonly Dictionary<(SiteState, string), WardState[]> _electiveWards = [];

    private void PlanLists(DateOnly day)
    {
        var lists = new List<TheatreList>();
        var weekday = day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        foreach (var site in _sites)
        {
            foreach (var theatre in site.Theatres)
            {
                // ASSUMPTION: elective theatres run two four-hour sessions on weekdays, about 5% lost to leave;
                // emergency (CEPOD) theatres run both sessions every day.
                if (!theatre.Emergency && (!weekday || _random.Chance(0.05)))
                {
                    continue;
                }

                lists.Add(PlanList(site, theatre, day, "AM", new TimeOnly(8, 30)));
                lists.Add(PlanList(site, theatre, day, "PM", new TimeOnly(13, 30)));
            }
        }

        _lists[day.DayNumber] = lists;
    }

    private TheatreList PlanList(SiteState site, TheatreState theatre, DateOnly day, string session, TimeOnly start)
    {
        var startAt = FromLocal(day.ToDateTime(start));
        var endAt = FromLocal(day.ToDateTime(start.AddHours(4)));
        var listId = string.Create(CultureInfo.InvariantCulture, $"{site.Code}-{theatre.Ref.Code}-{day:yyyyMMdd}-{session}");
        var list = new TheatreList(site, theatre, listId, theatre.Ref.Specialty, startAt, endAt);
        Emit(site, EventKind.TheatreListPlanned, null, theatre.Path, list.Specialty, (endAt - startAt) / Minute,
            new() { ["listId"] = listId, ["start"] = Iso(startAt), ["end"] = Iso(endAt), ["specialty"] = list.Specialty, ["session"] = session });
        return list;
    }

    private void BookCases(DateOnly day)
    {
        if (!_lists.TryGetValue(day.DayNumber, out var lists))
        {
            return;
        }

        foreach (var list in lists.Where(l => !l.Theatre.Emergency))
        {
            var procedures = ProcedureCatalogue.For(list.Specialty);
            var target = (list.End - list.Start) / Minute * _random.Uniform(ListFillLow, ListFillHigh);
            var used = 0.0;
            while (list.Cases.Count < 12)
            {
                // Patients cancelled on the day come first once their earliest new date has come (the 28-day rule) and
                // their case fits; one that does not is first in line for the next list.
                var turnaround = list.Cases.Count > 0 ? BookedTurnaroundMinutes : 0;
                var rebooking = list.Site.Rebookings.FirstOrDefault(r => r.Specialty == list.Specialty && r.NotBefore <= day.DayNumber
                    && (list.Cases.Count == 0 || used + turnaround + r.Procedure.PlannedMinutes <= target));
                var procedure = rebooking?.Procedure ?? procedures[_random.Next(procedures.Count)];
                if (list.Cases.Count > 0 && used + turnaround + procedure.PlannedMinutes > target)
                {
                    // The scheduler fills the time left with a waiting-list case that fits; the list is full when none does.
                    var fitting = procedures.Where(p => used + turnaround + p.PlannedMinutes <= target).ToArray();
                    if (fitting.Length == 0)
                    {
                        break;
                    }

                    procedure = fitting[_random.Next(fitting.Length)];
                }

                if (rebooking is not null)
                {
                    list.Site.Rebookings.Remove(rebooking);
                }

                var wards = ElectiveWards(list.Site, list.Specialty);
                var patient = new Patient(rebooking?.Subject ?? NewSubject(), list.Site)
                {
                    Specialty = list.Specialty,
                    PatientClass = rebooking?.PatientClass ?? (procedure.DayCase && _random.Chance(0.9) ? "daycase" : "elective"),
                    TargetWard = wards[_random.Pick(wards.Select(w => (double)w.Ref.Beds).ToArray())],
                };
                var plannedStart = list.Start + ((long)(used + turnaround) * Minute);
                used += procedure.PlannedMinutes + turnaround;
                var theatreCase = AddCase(list, procedure, patient, plannedStart);
                Emit(list.Site, EventKind.PreAdmission, patient.Subject, patient.TargetWard.Path, list.Specialty, null,
                    new()
                    {
                        ["expectedAt"] = Iso(ElectiveAdmissionAt(list, patient.PatientClass)),
                        ["patientClass"] = patient.PatientClass,
                        ["caseId"] = theatreCase.CaseId,
                        ["ward"] = patient.TargetWard.Ref.Code,
                    });
            }
        }
    }

    private TheatreCase AddCase(TheatreList list, Procedure procedure, Patient patient, long plannedStart)
    {
        var caseId = string.Create(CultureInfo.InvariantCulture, $"C-{list.Site.Code}-{++list.Site.CaseSequence:D7}");
        var theatreCase = new TheatreCase(list, caseId, procedure, patient, plannedStart);
        list.Cases.Add(theatreCase);
        Emit(list.Site, EventKind.CaseScheduled, patient.Subject, list.Theatre.Path, list.Specialty, procedure.PlannedMinutes,
            new()
            {
                ["listId"] = list.ListId,
                ["caseId"] = caseId,
                ["procedure"] = procedure.Name,
                ["plannedStart"] = Iso(plannedStart),
                ["patientClass"] = patient.PatientClass,
            });
        return theatreCase;
    }

    /// <summary>
    /// ASSUMPTION: inpatients are asked to arrive two and a half hours before their list, day cases two hours before, so
    /// an afternoon list's day cases come as the morning's go home from the day-case unit.
    /// </summary>
    private static long ElectiveAdmissionAt(TheatreList list, string patientClass) =>
        list.Start - ((patientClass == "daycase" ? 120 : 150) * Minute);

    /// <summary>The wards an elective patient of a specialty goes to: its own, else the site's surgical wards.</summary>
    private WardState[] ElectiveWards(SiteState site, string specialty)
    {
        if (_electiveWards.TryGetValue((site, specialty), out var cached))
        {
            return cached;
        }

        var wardSpecialty = specialty switch
        {
            "cardiac surgery" or "thoracic surgery" => "cardiothoracic surgery",
            "cardiology (cath lab)" => "cardiology",
            "gynaecological oncology" => "gynaecology",
            _ => specialty,
        };
        WardState[] wards = specialty == "obstetrics"
            ? [.. site.Wards.Where(w => w.Ref.Type == WardType.Maternity && !string.Equals(w.Ref.Code, "DEL", StringComparison.Ordinal))]
            : [.. site.EmergencyWards.Where(w => string.Equals(w.Ref.Specialty, wardSpecialty, StringComparison.OrdinalIgnoreCase))];
        if (wards.Length == 0)
        {
            wards = site.SurgicalWards.Length > 0 ? site.SurgicalWards : site.EmergencyWards.Length > 0 ? site.EmergencyWards : site.Wards;
        }

        _electiveWards[(site, specialty)] = wards;
        return wards;
    }

    /// <summary>Today's lists: emergency lists take waiting emergency patients; elective patients are admitted; lists start.</summary>
    private void RunDay(DateOnly day)
    {
        if (_lists.Remove(day.DayNumber, out var lists))
        {
            foreach (var list in lists)
            {
                if (list.Theatre.Emergency)
                {
                    BookEmergencyCases(list);
                }
                else
                {
                    foreach (var theatreCase in list.Cases)
                    {
                        // Every patient is in before the list's first patient is sent for (ListStart, 100 minutes ahead).
                        var spread = theatreCase.Patient.PatientClass == "daycase" ? 15 : 20;
                        Schedule(ElectiveAdmissionAt(list, theatreCase.Patient.PatientClass) + (long)(_random.Uniform(-spread, spread) * Minute),
                            new Happening(HappeningKind.ElectiveAdmission, theatreCase));
                    }
                }

                Schedule(list.Start - (100 * Minute), new Happening(HappeningKind.ListStart, list));
            }
        }

        // ASSUMPTION: bed managers start holding beds for tomorrow's elective admissions at 10:00, as the day's
        // discharges are cleaned (ring-fenced elective beds; patients are admitted on the day of surgery).
        Schedule(FromLocal(day.ToDateTime(new TimeOnly(10, 0))), new Happening(HappeningKind.ElectiveBedHold, null, 0, day.AddDays(1).DayNumber));

        // ASSUMPTION: about 3% of tomorrow's elective cases are cancelled for non-clinical reasons the day before.
        if (_lists.TryGetValue(day.AddDays(1).DayNumber, out var tomorrow))
        {
            var dayStart = FromLocal(day.ToDateTime(new TimeOnly(9, 0)));
            foreach (var theatreCase in tomorrow.SelectMany(l => l.Cases))
            {
                if (_random.Chance(0.03))
                {
                    theatreCase.CancelCode = "non_clinical_before_day";
                    theatreCase.CancelReason = _random.Chance(0.5) ? "no_bed_forecast" : "list_reallocated";
                    Schedule(dayStart + (long)(_random.Uniform(0, 8) * Hour), new Happening(HappeningKind.CaseCancel, theatreCase));
                }
            }
        }
    }

    private void BookEmergencyCases(TheatreList list)
    {
        var procedures = ProcedureCatalogue.For("emergency");
        var used = 0.0;
        var capacity = (list.End - list.Start) / Minute * 0.9;
        while (list.Site.AwaitingEmergencySurgery.TryPeek(out var patient))
        {
            if (patient.Discharged)
            {
                list.Site.AwaitingEmergencySurgery.Dequeue();
                continue;
            }

            var procedure = procedures[_random.Next(procedures.Count)];
            var needed = procedure.PlannedMinutes + (list.Cases.Count > 0 ? 20 : 0);
            if (list.Cases.Count > 0 && used + needed > capacity)
            {
                break;
            }

            list.Site.AwaitingEmergencySurgery.Dequeue();
            var plannedStart = list.Start + (long)(used + (list.Cases.Count > 0 ? 20 : 0)) * Minute;
            used += needed;
            AddCase(list, procedure, patient, plannedStart);
        }
    }

    private void AdmitElective(TheatreCase theatreCase)
    {
        if (theatreCase.Cancelled)
        {
            return;
        }

        var patient = theatreCase.Patient;
        var ward = patient.TargetWard!;
        // Bed managers hold beds for the day's electives: the patient's own ward, then a ward of the same kind, then
        // any general and acute ward with a free bed; only when the whole site is full is the case cancelled.
        var site = patient.Site;
        if (!NeedsWardBed(theatreCase))
        {
            // Day cases are admitted to the day-case unit on the morning of surgery and go home from it; one that finds
            // no space there takes a ward bed like an inpatient.
            if (site.DayUnit!.FreeBed(includeEscalation: false) is { } space)
            {
                Admit(patient, space, patient.PatientClass, "elective_waiting_list");
                return;
            }
        }

        if (NeedsWardBed(theatreCase) && !NeedsHeldBed(theatreCase))
        {
            // A maternity inpatient (an elective caesarean section) goes to a postnatal ward with a free bed, never a
            // G&A bed held for a gynaecology patient; a full maternity unit cancels the case.
            var postnatal = ward.FreeBed(includeEscalation: true) ?? ElectiveWards(site, patient.Specialty!)
                .Select(w => w.FreeBed(includeEscalation: true)).FirstOrDefault(b => b is not null);
            if (postnatal is null)
            {
                CancelNow(theatreCase, "non_clinical_on_day", "no_bed");
                return;
            }

            Admit(patient, postnatal, patient.PatientClass, "elective_waiting_list");
            return;
        }

        // Held beds are for the inpatients they were counted for; a day case the unit cannot take uses a free bed only.
        var held = !NeedsHeldBed(theatreCase) ? null : site.ElectiveHolds.FirstOrDefault(b => b.Ward == ward) ?? site.ElectiveHolds.FirstOrDefault(b => b.Ward.Surgical == ward.Surgical)
            ?? site.ElectiveHolds.FirstOrDefault();
        if (held is not null)
        {
            site.ElectiveHolds.Remove(held);
        }
        else if (NeedsHeldBed(theatreCase))
        {
            // No bed was held for this patient in time: the one still wanted is found now or not at all.
            site.ElectiveBedsWanted = Math.Max(0, site.ElectiveBedsWanted - 1);
        }

        var bed = held ?? ward.FreeBed(includeEscalation: true) ?? OutlierBed(ward) ?? AnyFreeBed(site);
        if (bed is null)
        {
            CancelNow(theatreCase, "non_clinical_on_day", "no_bed");
            return;
        }

        Admit(patient, bed, patient.PatientClass, "elective_waiting_list");
    }

    private static Bed? AnyFreeBed(SiteState site)
    {
        foreach (var ward in site.EmergencyWards)
        {
            if (ward.FreeBed(includeEscalation: true) is { } bed)
            {
                return bed;
            }
        }

        return null;
    }

    private void CancelNow(TheatreCase theatreCase, string code, string reason)
    {
        theatreCase.CancelCode = code;
        theatreCase.CancelReason = reason;
        CancelCase(theatreCase);
    }

    private void CancelCase(TheatreCase theatreCase)
    {
        if (theatreCase.Cancelled)
        {
            return;
        }

        theatreCase.Cancelled = true;
        var list = theatreCase.List;
        Emit(list.Site, EventKind.CaseCancelled, theatreCase.Patient.Subject, list.Theatre.Path, theatreCase.CancelCode, null,
            new() { ["listId"] = list.ListId, ["caseId"] = theatreCase.CaseId, ["reason"] = theatreCase.CancelReason });
        var patient = theatreCase.Patient;
        if (!patient.Admitted && !list.Theatre.Emergency && NeedsHeldBed(theatreCase) && Local(_clock).Date < Local(list.Start).Date)
        {
            // Cancelled before the morning of admission: the bed held (or still wanted) for the patient is given up.
            ReleaseElectiveHold(list.Site);
        }

        if (theatreCase.CancelCode == "non_clinical_on_day" && !list.Theatre.Emergency)
        {
            // ASSUMPTION: most patients cancelled on the day are booked again for a date within 28 days (NHS Standard
            // Contract, DOMAIN.md §6); about one in ten waits longer. Cases are booked three days ahead of their list.
            var today = DateOnly.FromDateTime(Local(_clock));
            var days = _random.Chance(0.9) ? _random.Uniform(6, 24) : _random.Uniform(29, 45);
            list.Site.Rebookings.Add(new Rebooking(patient.Subject, theatreCase.Procedure, list.Specialty, patient.PatientClass,
                today.AddDays((int)days).DayNumber));
        }

        if (patient.Admitted && !patient.Discharged && patient.PatientClass != "emergency")
        {
            patient.Version++;
            patient.NextWard = null;
            DropRequest(patient);
            patient.DischargeAt = _clock + (long)(_random.Uniform(1, 3) * Hour);
            Schedule(patient.DischargeAt, new Happening(HappeningKind.Discharge, patient, patient.Version));
        }
    }

    private void RecordMilestone(TheatreCase theatreCase, int index)
    {
        var list = theatreCase.List;
        Emit(list.Site, EventKind.TheatreMilestone, theatreCase.Patient.Subject, list.Theatre.Path, TheatreCase.Milestones[index], null,
            new() { ["caseId"] = theatreCase.CaseId, ["listId"] = list.ListId });
    }

    /// <summary>Releases yesterday's unused holds and holds free G&amp;A beds for the elective patients due on <paramref name="dayNumber"/>.</summary>
    private void OpenElectiveHolds(int dayNumber)
    {
        foreach (var site in _sites)
        {
            foreach (var bed in site.ElectiveHolds.ToList())
            {
                site.ElectiveHolds.Remove(bed);
                MakeAvailable(bed);
            }

            site.ElectiveBedsWanted = _lists.TryGetValue(dayNumber, out var lists)
                ? lists.Where(l => l.Site == site && !l.Theatre.Emergency).SelectMany(l => l.Cases)
                    .Count(c => !c.Cancelled && c.CancelCode.Length == 0 && NeedsHeldBed(c))
                : 0;
            foreach (var ward in site.EmergencyWards)
            {
                while (site.ElectiveBedsWanted > 0 && ward.FreeBed(includeEscalation: false) is { } bed)
                {
                    HoldForElective(bed);
                }
            }
        }
    }

    /// <summary>Holds a free G&amp;A bed for an elective admission when one is still wanted; false when not.</summary>
    private bool TryHoldForElective(Bed bed)
    {
        var site = bed.Ward.Site;
        if (site.ElectiveBedsWanted == 0 || bed.Escalation || !site.EmergencyWards.Contains(bed.Ward))
        {
            return false;
        }

        HoldForElective(bed);
        return true;
    }

    private void HoldForElective(Bed bed)
    {
        var site = bed.Ward.Site;
        site.ElectiveBedsWanted--;
        site.ElectiveHolds.Add(bed);
        EmitBed(bed, BedStatus.Reserved, null, "elective admission");
    }

    private void ReleaseElectiveHold(SiteState site)
    {
        if (site.ElectiveBedsWanted > 0)
        {
            site.ElectiveBedsWanted--;
        }
        else if (site.ElectiveHolds.Count > 0)
        {
            var bed = site.ElectiveHolds[^1];
            site.ElectiveHolds.RemoveAt(site.ElectiveHolds.Count - 1);
            MakeAvailable(bed);
        }
    }

    /// <summary>Whether the case's patient needs a ward bed: every elective inpatient, and day cases where the site has no day-case unit.</summary>
    private static bool NeedsWardBed(TheatreCase theatreCase) =>
        theatreCase.Patient.PatientClass != "daycase" || theatreCase.List.Site.DayUnit is null;

    /// <summary>
    /// Whether bed managers hold a G&amp;A bed for the case's patient: every patient needing a ward bed whose ward is
    /// general and acute; maternity inpatients go to the postnatal wards, which hold no beds for them.
    /// </summary>
    private static bool NeedsHeldBed(TheatreCase theatreCase) =>
        NeedsWardBed(theatreCase) && theatreCase.Patient.TargetWard is { } ward && ward.Site.EmergencyWards.Contains(ward);
}
