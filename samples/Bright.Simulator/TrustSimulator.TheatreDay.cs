using Bright.Core.Reference;
using Bright.Simulator.Engine;
using Bright.Simulator.Model;

namespace Bright.Simulator;

public sealed partial class TrustSimulator
{
    /// <summary>
    /// A list's day unfolds: a late start, each case's milestones, turnarounds, overruns, and cancellations when the
    /// patient is unfit (clinical) or the list would overrun by more than an hour (non-clinical, on the day).
    /// Recovery runs beside the room's cleaning, so <c>clean_start</c> may come before <c>left_recovery</c>.
    /// </summary>
    private void StartList(TheatreList list)
    {
        // ASSUMPTION: a third of lists start 30+ minutes late (NHS Improvement's finding, DOMAIN.md §6), by 30 minutes plus
        // an exponential tail (mean 15 minutes, so about 4% of lists are an hour late); the rest start between 5
        // minutes early and 30 minutes late.
        var late = _random.Chance(1 / 3.0) ? 30 + _random.Exponential(15) : _random.Uniform(-5, 30);
        var t = list.Start + (long)(late * Minute);
        var previousLeft = 0L;
        foreach (var theatreCase in list.Cases)
        {
            var patient = theatreCase.Patient;
            if (theatreCase.Cancelled)
            {
                continue;
            }

            if (!patient.Admitted || patient.Discharged)
            {
                CancelNow(theatreCase, "clinical", "no_longer_required");
                continue;
            }

            if (_random.Chance(0.015))
            {
                CancelNow(theatreCase, "clinical", "patient_unfit");
                continue;
            }

            // ASSUMPTION: a case is still started when it would finish within an hour of the list's end (staff stay on);
            // one that would overrun further is cancelled on the day for want of theatre time.
            if (previousLeft > 0 && t + (theatreCase.Procedure.PlannedMinutes * Minute) > list.End + (60 * Minute))
            {
                theatreCase.CancelCode = "non_clinical_on_day";
                theatreCase.CancelReason = "list_overran";
                Schedule(previousLeft, new Happening(HappeningKind.CaseCancel, theatreCase));
                continue;
            }

            t = PlanMilestones(theatreCase, t);
            previousLeft = theatreCase.Times[10];
            for (var i = 0; i < theatreCase.Times.Length; i++)
            {
                Schedule(theatreCase.Times[i], new Happening(HappeningKind.Milestone, theatreCase, 0, i));
            }

            PlanAfterSurgery(theatreCase);
        }
    }

    /// <summary>Fills the case's milestone times around its wheels-in time; returns the next case's wheels-in time.</summary>
    private long PlanMilestones(TheatreCase theatreCase, long inTheatre)
    {
        var times = theatreCase.Times;
        var anaesthetic = Math.Max(6, _random.LogNormal(14, 0.35));
        var inAnaestheticRoom = inTheatre - (long)(anaesthetic * Minute);
        var arrived = inAnaestheticRoom - (long)(_random.LogNormal(15, 0.4) * Minute);
        times[0] = Math.Max(_clock, arrived - (long)(_random.LogNormal(25, 0.3) * Minute));
        times[1] = Math.Max(times[0], arrived);
        times[2] = Math.Max(times[1], inAnaestheticRoom);
        times[3] = times[2] + (long)(Math.Min(4, anaesthetic / 3) * Minute);
        times[4] = Math.Max(times[3] + Minute, inTheatre - (long)(_random.Uniform(1, 3) * Minute));
        times[5] = Math.Max(times[4], inTheatre);
        var prep = _random.LogNormal(12, 0.3);
        times[6] = times[5] + (long)(prep * Minute);
        var touch = theatreCase.Procedure.PlannedMinutes * Math.Exp(0.04 + (0.2 * _random.Normal()));
        var left = times[5] + (long)(Math.Max(prep + 12, touch) * Minute);
        times[7] = Math.Max(times[6] + (5 * Minute), left - (long)(_random.Uniform(6, 12) * Minute));
        times[8] = times[7] + (long)(_random.Uniform(1, 4) * Minute);
        times[9] = times[8] + (long)(_random.Uniform(1, 3) * Minute);
        times[10] = Math.Max(left, times[9] + Minute);
        times[11] = times[10] + (long)(_random.Uniform(1, 4) * Minute);
        times[12] = times[11] + (long)(_random.LogNormal(50, 0.4) * Minute);
        times[13] = times[10] + (long)(_random.Uniform(2, 6) * Minute);
        times[14] = times[13] + (long)(_random.LogNormal(14, 0.3) * Minute);
        return times[14] + (long)(_random.LogNormal(6, 0.5) * Minute);
    }

    /// <summary>After surgery: day cases go home hours after recovery, inpatients after their stay, some via critical care.</summary>
    private void PlanAfterSurgery(TheatreCase theatreCase)
    {
        var patient = theatreCase.Patient;
        var leftRecovery = theatreCase.Times[12];
        var procedure = theatreCase.Procedure;
        if (patient.PatientClass == "emergency")
        {
            if (patient.DischargeAt < leftRecovery + Day)
            {
                ScheduleStay(patient, DischargeTime(leftRecovery, _random.LogNormal(procedure.StayDays, 0.5)), 0);
            }

            return;
        }

        if (patient.PatientClass == "daycase")
        {
            ScheduleStay(patient, leftRecovery + (long)(_random.LogNormal(2.5, 0.4) * Hour), 0);
            return;
        }

        var site = patient.Site;
        var days = _random.LogNormal(procedure.StayDays, 0.5);
        var criticalCare = site.CriticalCare is not null
            && patient.Bed is { } bed && bed.Ward.Ref.Type != WardType.CriticalCare
            && (theatreCase.List.Specialty == "cardiac surgery" || (procedure.PlannedMinutes >= 180 && _random.Chance(0.5)));
        if (criticalCare)
        {
            patient.ReturnWard = patient.Bed!.Ward;
            patient.NextWard = site.CriticalCare;
            days = Math.Max(days, 3);
        }

        ScheduleStay(patient, DischargeTime(leftRecovery, days), (leftRecovery - _clock) / (double)Hour);
    }
}
