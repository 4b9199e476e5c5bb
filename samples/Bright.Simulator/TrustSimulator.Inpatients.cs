using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Simulator.Engine;
using Bright.Simulator.Model;

namespace Bright.Simulator;

public sealed partial class TrustSimulator
{
    /// <summary>Mean of the unscaled emergency length-of-stay mixture in <see cref="EmergencyStayDays"/>, days.</summary>
    private const double EmergencyMeanStayDays = 4.53;

    /// <summary>ASSUMPTION: emergency G&amp;A beds are planned to be 82% occupied on average, under RCEM's safe level of 85%, leaving room for electives and winter.</summary>
    private const double PlannedOccupancy = 0.82;

    /// <summary>
    /// ASSUMPTION: share of discharges by local hour (index 0 = 08:00) on base wards; about a fifth before noon,
    /// below the SAFER bundle's 33% as in most trusts.
    /// </summary>
    private static readonly double[] DischargeHourWeights = [2, 4, 7, 10, 11, 12, 13, 12, 10, 8, 6, 3, 2];

    /// <summary>ASSUMPTION: chance an emergency admission to a medical ward goes through the medical assessment unit first.</summary>
    private const double MedicalAssessmentShare = 0.85;

    /// <summary>ASSUMPTION: chance an emergency admission to a surgical ward goes through the surgical assessment unit first.</summary>
    private const double SurgicalAssessmentShare = 0.6;

    /// <summary>ASSUMPTION: median hours on the medical assessment unit (log-normal, sigma 0.5).</summary>
    private const double MedicalAssessmentHours = 14;

    /// <summary>ASSUMPTION: median hours on the surgical assessment unit (log-normal, sigma 0.5).</summary>
    private const double SurgicalAssessmentHours = 16;

    /// <summary>ASSUMPTION: chance an emergency admission goes to critical care first.</summary>
    private const double CriticalCareFirstShare = 0.03;

    private static readonly int[] Pathways = [0, 1, 2, 3];

    /// <summary>ASSUMPTION: discharge pathway mix of patients who no longer meet the criteria to reside.</summary>
    private static readonly double[] PathwayWeights = [0.45, 0.30, 0.15, 0.10];

    /// <summary>ASSUMPTION: median days a patient stays after no longer meeting the criteria to reside, by pathway.</summary>
    private static readonly double[] PathwayDelayDays = [1, 2.5, 5, 9];

    private void DecideToAdmit(EdAttendance attendance)
    {
        var patient = attendance.Patient;
        var site = patient.Site;
        var final = site.EmergencyWards.Length > 0 ? site.EmergencyWards[_random.Pick(site.EmergencyWeights)] : site.Wards[0];
        var first = final;
        if (site.CriticalCare is { } icu && _random.Chance(CriticalCareFirstShare))
        {
            first = icu;
        }
        else if (!final.Surgical && site.MedicalAssessment is { } amu && _random.Chance(MedicalAssessmentShare))
        {
            first = amu;
        }
        else if (final.Surgical && site.SurgicalAssessment is { } sau && _random.Chance(SurgicalAssessmentShare))
        {
            first = sau;
        }

        patient.Specialty = final.Ref.Specialty;
        patient.TargetWard = first;
        patient.NextWard = first == final ? null : final;
        Emit(site, EventKind.EdDecisionToAdmit, patient.Subject, attendance.Area.Path, patient.Specialty, null,
            new() { ["area"] = attendance.Area.Ref.Code, ["ward"] = first.Ref.Code });
        RequestBed(patient, first, BedRequestKind.FromEd);
    }

    /// <summary>The porter brings a patient to a reserved bed: an admission from ED, or a transfer between beds.</summary>
    private void ArriveInBed(Patient patient)
    {
        var bed = patient.IncomingBed!;
        patient.IncomingBed = null;
        if (patient.Discharged)
        {
            MakeAvailable(bed);
            return;
        }

        if (!patient.Admitted)
        {
            LeaveEd(patient.Attendance!, "admitted");
            Admit(patient, bed, "emergency", "emergency_ed");
            PlanEmergencyStay(patient, bed.Ward);
            return;
        }

        var from = patient.Bed!;
        patient.Bed = bed;
        EmitBed(bed, BedStatus.Occupied, patient.Subject);
        Emit(patient.Site, EventKind.Transfer, patient.Subject, bed.Path, patient.Specialty, null,
            new() { ["from"] = from.Path, ["ward"] = bed.Ward.Ref.Code });
        Vacate(from);
        patient.NextWard = null;
        if (bed.Ward.Ref.Type == WardType.CriticalCare && patient.ReturnWard is { } back)
        {
            patient.ReturnWard = null;
            var stageEnd = _clock + (long)(_random.LogNormal(1.5, 0.4) * Day);
            if (stageEnd < patient.DischargeAt - (6 * Hour))
            {
                patient.NextWard = back;
                Schedule(stageEnd, new Happening(HappeningKind.StageEnd, patient, patient.Version));
            }
        }
    }

    private void Admit(Patient patient, Bed bed, string patientClass, string admitMethod)
    {
        patient.Admitted = true;
        patient.AdmittedAt = _clock;
        patient.PatientClass = patientClass;
        patient.AdmitMethod = admitMethod;
        patient.Bed = bed;
        bed.Occupant = patient;
        Emit(patient.Site, EventKind.Admission, patient.Subject, bed.Path, patient.Specialty, null,
            new() { ["patientClass"] = patientClass, ["admitMethod"] = admitMethod, ["ward"] = bed.Ward.Ref.Code });
        EmitBed(bed, BedStatus.Occupied, patient.Subject);
        if (_random.Chance(0.35))
        {
            RequestInpatientImaging(patient);
        }
    }

    private void PlanEmergencyStay(Patient patient, WardState first)
    {
        var site = patient.Site;
        var days = EmergencyStayDays() * site.LosScale;
        var stageHours = first.Ref.Type switch
        {
            WardType.Assessment => _random.LogNormal(first.Surgical ? SurgicalAssessmentHours : MedicalAssessmentHours, 0.5),
            WardType.CriticalCare => _random.LogNormal(72, 0.6),
            _ => 0,
        };
        if (first.Ref.Type == WardType.CriticalCare)
        {
            days = Math.Max(days, (stageHours / 24) + 2);
        }

        ScheduleStay(patient, DischargeTime(_clock, days), stageHours);
        if (patient.NextWard is { Surgical: true } || (patient.NextWard is null && first.Surgical))
        {
            if (_random.Chance(0.2))
            {
                site.AwaitingEmergencySurgery.Enqueue(patient);
            }
        }
    }

    /// <summary>
    /// ASSUMPTION: emergency length of stay, days, before the site's scale: 30% short stays (4 to 24 hours), 50%
    /// log-normal around 3 days, 20% long stays log-normal around 10 days; the tail gives stranded (7+) and
    /// super-stranded (21+) patients.
    /// </summary>
    private double EmergencyStayDays()
    {
        var u = _random.NextDouble();
        return u < 0.3 ? _random.Uniform(4.0 / 24, 1.0) : u < 0.8 ? _random.LogNormal(3, 0.6) : _random.LogNormal(10, 0.7);
    }

    private void AdmitDirect(DirectStream stream)
    {
        var first = stream.First[_random.Pick(stream.First.Select(w => (double)w.Ref.Beds).ToArray())];
        var bed = first.FreeBed(includeEscalation: true);
        if (bed is null)
        {
            // A full unit declines the transfer or diverts the birth: no admission here.
            return;
        }

        var patient = new Patient(NewSubject(), first.Site) { Specialty = first.Ref.Specialty };
        Admit(patient, bed, "emergency", stream.AdmitMethod);
        var stageHours = 0.0;
        if (stream.Then.Length > 0)
        {
            patient.NextWard = stream.Then[_random.Pick(stream.Then.Select(w => (double)w.Ref.Beds).ToArray())];
            stageHours = _random.LogNormal(stream.FirstStageHours, 0.4);
        }

        var days = _random.LogNormal(stream.StayDays, 0.6);
        ScheduleStay(patient, DischargeTime(_clock, Math.Max(days, (stageHours / 24) + 0.3)), stageHours);
    }

    /// <summary>
    /// Plans the rest of a stay: the move off the first ward, the pending and confirmed discharge statuses, the loss
    /// of criteria to reside for some long stays, and the discharge itself. Earlier plans for the patient lapse.
    /// </summary>
    private void ScheduleStay(Patient patient, long dischargeAt, double stageHours)
    {
        patient.Version++;
        var version = patient.Version;
        patient.DischargeAt = dischargeAt;
        Schedule(dischargeAt, new Happening(HappeningKind.Discharge, patient, version));
        var stay = dischargeAt - _clock;
        if (stay > 30 * Hour && _random.Chance(0.8))
        {
            Schedule(dischargeAt - (long)(_random.Uniform(18, 30) * Hour), new Happening(HappeningKind.DischargePending, patient, version));
        }

        if (_random.Chance(0.93))
        {
            var lead = (long)(_random.Uniform(1, 5) * Hour);
            Schedule(Math.Max(_clock + (stay / 2), dischargeAt - lead), new Happening(HappeningKind.DischargeConfirmed, patient, version));
        }

        if (patient.NextWard is not null)
        {
            var stageEnd = _clock + (long)(stageHours * Hour);
            if (stageEnd < dischargeAt - (2 * Hour))
            {
                Schedule(stageEnd, new Happening(HappeningKind.StageEnd, patient, version));
            }
            else
            {
                patient.NextWard = null;
            }
        }

        if (stay >= 7 * Day && _random.Chance(0.55))
        {
            var pathway = _random.Pick(PathwayWeights);
            var readyAt = dischargeAt - (long)(_random.LogNormal(PathwayDelayDays[pathway], 0.5) * Day);
            Schedule(Math.Max(readyAt, _clock + (2 * Day)), new Happening(HappeningKind.CriteriaToReside, patient, version, Pathways[pathway]));
        }
    }

    /// <summary>Discharges happen in the working day: a stay of a day or more ends at a profile hour.</summary>
    private long DischargeTime(long from, double days)
    {
        var target = from + (long)(days * Day);
        if (days < 0.8)
        {
            return target;
        }

        var hour = 8 + _random.Pick(DischargeHourWeights);
        var local = Local(target).Date.AddHours(hour).AddMinutes(_random.Uniform(0, 60));
        var at = FromLocal(local);
        return at < from + (4 * Hour) ? at + Day : at;
    }

    private void EndStage(Patient patient, int version)
    {
        if (version != patient.Version || patient.Discharged || patient.NextWard is null || patient.IncomingBed is not null
            || patient.Request is not null)
        {
            return;
        }

        RequestBed(patient, patient.NextWard, BedRequestKind.Transfer);
    }

    private void PlanDischarge(Patient patient, int version, bool confirmed)
    {
        if (version != patient.Version || patient.Discharged || patient.Bed is null)
        {
            return;
        }

        Emit(patient.Site, EventKind.DischargePlanned, patient.Subject, patient.Bed.Path, confirmed ? "confirmed" : "pending", null,
            new() { ["expectedAt"] = Iso(patient.DischargeAt) });
    }

    private void StopMeetingCriteria(Patient patient, int version, int pathway)
    {
        if (version != patient.Version || patient.Discharged || patient.Bed is null)
        {
            return;
        }

        var readyDate = Local(_clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Emit(patient.Site, EventKind.CriteriaToResideChanged, patient.Subject, patient.Bed.Path, "no", null,
            new() { ["dischargeReadyDate"] = readyDate, ["pathway"] = Digit(pathway) });
    }

    private static void DropRequest(Patient patient)
    {
        if (patient.Request is { } request)
        {
            request.Done = true;
            patient.Request = null;
        }
    }

    private void Discharge(Patient patient, int version)
    {
        if (version != patient.Version || patient.Discharged || patient.Bed is null)
        {
            return;
        }

        patient.Discharged = true;
        DropRequest(patient);

        var bed = patient.Bed;
        var days = (_clock - patient.AdmittedAt) / (double)Day;
        Emit(patient.Site, EventKind.Discharge, patient.Subject, bed.Path, patient.Specialty, Math.Round(days, 2),
            new() { ["patientClass"] = patient.PatientClass, ["ward"] = bed.Ward.Ref.Code });
        Vacate(bed);
    }
}
