using Bright.Core.Events;
using Bright.Simulator.Engine;
using Bright.Simulator.Model;

namespace Bright.Simulator;

public sealed partial class TrustSimulator
{
    /// <summary>ASSUMPTION: reasons a cleaned bed is occasionally blocked, with relative frequencies.</summary>
    private static readonly string[] BlockReasons = ["isolation", "maintenance", "contamination", "staffing"];

    private static readonly double[] BlockWeights = [0.4, 0.25, 0.2, 0.15];

    private void EmitBed(Bed bed, string status, string? subject = null, string? reason = null)
    {
        bed.Status = status;
        var attributes = new Dictionary<string, string> { ["ward"] = bed.Ward.Ref.Code, ["escalation"] = bed.Escalation ? "true" : "false" };
        if (reason is not null)
        {
            attributes["reason"] = reason;
        }

        Emit(bed.Ward.Site, EventKind.BedStatusChanged, subject, bed.Path, status, null, attributes);
    }

    /// <summary>Asks for a bed on <paramref name="ward"/>: reserved at once if a core bed is free, else queued.</summary>
    private void RequestBed(Patient patient, WardState ward, BedRequestKind kind)
    {
        if (ward.FreeBed(includeEscalation: false) is { } bed)
        {
            Reserve(bed, patient, kind);
            return;
        }

        var request = new BedRequest(patient, ward, kind, _clock);
        patient.Request = request;
        ward.Waiting.Enqueue(request);
        Schedule(_clock + (kind == BedRequestKind.FromEd ? 2 * Hour : 12 * Hour), new Happening(HappeningKind.BedWaitCheck, request));
    }

    /// <summary>
    /// A patient still waiting is offered an escalation bed on the ward, then a free core bed on another ward of the
    /// same kind (an outlier); otherwise the wait goes on and is checked again in an hour.
    /// </summary>
    private void CheckBedWait(BedRequest request)
    {
        if (request.Done || request.Patient.Discharged)
        {
            return;
        }

        var bed = request.Ward.FreeBed(includeEscalation: true) ?? OutlierBed(request.Ward);
        if (bed is null)
        {
            Schedule(_clock + Hour, new Happening(HappeningKind.BedWaitCheck, request));
            return;
        }

        request.Done = true;
        request.Patient.Request = null;
        Reserve(bed, request.Patient, request.Kind);
    }

    private static Bed? OutlierBed(WardState ward)
    {
        if (ward.Ref.Type is Core.Reference.WardType.CriticalCare or Core.Reference.WardType.Maternity)
        {
            return null;
        }

        foreach (var other in ward.Site.EmergencyWards)
        {
            if (other != ward && other.Surgical == ward.Surgical && other.FreeBed(includeEscalation: false) is { } bed)
            {
                return bed;
            }
        }

        return null;
    }

    private void Reserve(Bed bed, Patient patient, BedRequestKind kind)
    {
        bed.Occupant = patient;
        patient.IncomingBed = bed;
        EmitBed(bed, BedStatus.Reserved, patient.Subject);
        var porterMinutes = _random.LogNormal(kind == BedRequestKind.FromEd ? 35 : 30, 0.4);
        Schedule(_clock + (long)(porterMinutes * Minute), new Happening(HappeningKind.PorterArrival, patient));
    }

    /// <summary>A bed is vacated: ready to clean, with cleaning starting later (slower at night).</summary>
    private void Vacate(Bed bed)
    {
        bed.Occupant = null;
        EmitBed(bed, BedStatus.ToClean);
        var hour = Local(_clock).Hour;
        var median = hour is >= 8 and < 20 ? 30 : 75;
        Schedule(_clock + (long)(_random.LogNormal(median, 0.6) * Minute), new Happening(HappeningKind.CleaningStart, bed));
    }

    private void StartCleaning(Bed bed)
    {
        EmitBed(bed, BedStatus.Cleaning);
        Schedule(_clock + (long)(_random.LogNormal(30, 0.3) * Minute), new Happening(HappeningKind.CleaningDone, bed));
    }

    private void FinishCleaning(Bed bed)
    {
        // ASSUMPTION: about one cleaned bed in fifty is blocked for a few hours before it can be used.
        if (_random.Chance(0.02))
        {
            EmitBed(bed, BedStatus.Blocked, null, BlockReasons[_random.Pick(BlockWeights)]);
            Schedule(_clock + (long)(_random.LogNormal(6, 0.7) * Hour), new Happening(HappeningKind.Unblock, bed));
            return;
        }

        MakeAvailable(bed);
    }

    /// <summary>The bed is free: the first patient still waiting for this ward gets it.</summary>
    private void MakeAvailable(Bed bed)
    {
        bed.Occupant = null;
        EmitBed(bed, BedStatus.Available);
        if (TryHoldForElective(bed))
        {
            return;
        }

        while (bed.Ward.Waiting.TryDequeue(out var request))
        {
            if (request.Done || request.Patient.Discharged)
            {
                continue;
            }

            request.Done = true;
            request.Patient.Request = null;
            Reserve(bed, request.Patient, request.Kind);
            return;
        }
    }
}
