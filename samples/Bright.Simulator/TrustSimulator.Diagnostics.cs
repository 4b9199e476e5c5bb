using System.Globalization;
using Bright.Core.Events;
using Bright.Simulator.Engine;
using Bright.Simulator.Model;

namespace Bright.Simulator;

/// <summary>An imaging request waiting for its report.</summary>
internal sealed record DiagnosticOrder(SiteState Site, string Subject, string Location, string Modality, string Urgency, string OrderId,
    long RequestedAt);

public sealed partial class TrustSimulator
{
    private static readonly string[] EdModalities = ["CT", "XR", "US"];

    /// <summary>ASSUMPTION: share of type 1 ED patients of acuity 1-3 sent for CT, plain X-ray and ultrasound.</summary>
    private static readonly double[] EdModalityChance = [0.18, 0.35, 0.05];

    private static readonly string[] InpatientModalities = ["CT", "XR", "US", "MRI"];

    private static readonly double[] InpatientModalityWeights = [0.35, 0.3, 0.2, 0.15];

    private long _orders;

    private void RequestEdImaging(EdAttendance attendance)
    {
        for (var i = 0; i < EdModalities.Length; i++)
        {
            if (_random.Chance(EdModalityChance[i]))
            {
                RequestImaging(attendance.Patient.Site, attendance.Patient.Subject, attendance.Area.Path, EdModalities[i], "urgent", "ed");
            }
        }
    }

    private void RequestInpatientImaging(Patient patient)
    {
        var modality = InpatientModalities[_random.Pick(InpatientModalityWeights)];
        RequestImaging(patient.Site, patient.Subject, patient.Bed!.Path, modality, _random.Chance(0.4) ? "urgent" : "routine", "inpatient");
    }

    private void RequestImaging(SiteState site, string subject, string location, string modality, string urgency, string setting)
    {
        var order = new DiagnosticOrder(site, subject, location, modality, urgency,
            string.Create(CultureInfo.InvariantCulture, $"ORD-{site.Code}-{++_orders:D8}"), _clock);
        Emit(site, EventKind.DiagnosticRequested, subject, location, modality, null,
            new() { ["urgency"] = urgency, ["orderId"] = order.OrderId, ["setting"] = setting });

        // ASSUMPTION: median request-to-report minutes for urgent requests; routine ones take four times as long.
        var median = modality switch { "CT" => 60, "XR" => 45, "US" => 120, _ => 360 } * (urgency == "urgent" ? 1 : 4);
        Schedule(_clock + (long)(_random.LogNormal(median, 0.6) * Minute), new Happening(HappeningKind.DiagnosticReport, order));
    }

    private void ReportDiagnostic(DiagnosticOrder order)
    {
        var minutes = (_clock - order.RequestedAt) / (double)Minute;
        Emit(order.Site, EventKind.DiagnosticReported, order.Subject, order.Location, order.Modality, Math.Round(minutes, 1),
            new() { ["urgency"] = order.Urgency, ["orderId"] = order.OrderId });
    }
}
