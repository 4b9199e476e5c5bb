using System.Globalization;
using Bright.Core.Events;
using Bright.Simulator.Calibration;
using Bright.Simulator.Engine;
using Bright.Simulator.Model;

namespace Bright.Simulator;

public sealed partial class TrustSimulator
{
    /// <summary>
    /// ASSUMPTION: triage category mix (1 = most urgent) by department type and arrival mode, shaped on typical
    /// English ECDS acuity: ambulance arrivals are sicker, minor injury units see mostly categories 4 and 5.
    /// </summary>
    private static readonly double[][] AcuityMix =
    [
        [0.005, 0.08, 0.42, 0.40, 0.095], // type 1, walk-in
        [0.05, 0.30, 0.55, 0.09, 0.01], // type 1, ambulance
        [0.0, 0.03, 0.30, 0.50, 0.17], // type 2
        [0.0, 0.0, 0.10, 0.55, 0.35], // other (type 3)
    ];

    /// <summary>ASSUMPTION: relative chance of admission by acuity; rescaled so each site matches its CSV share.</summary>
    private static readonly double[] AdmitFactor = [3.0, 2.2, 1.3, 0.35, 0.1];

    /// <summary>ASSUMPTION: median minutes from triage to a decision-making clinician by acuity, before crowding.</summary>
    private static readonly double[] SeenMedianMinutes = [4, 18, 55, 65, 70];

    /// <summary>Share of ambulance arrivals by department type (type 1 about a third, as in England).</summary>
    private static readonly double[] AmbulanceShare = [0.33, 0.03, 0.0];

    /// <summary>Share of type 1 arrivals seen in a children's ED where the site has one.</summary>
    private const double PaediatricShare = 0.18;

    private void RunSiteHour(SiteState site)
    {
        var next = ((_clock / Hour) + 1) * Hour;
        var span = next - _clock;
        var fraction = span / (double)Hour;
        var local = Local(_clock);
        if (site.Ed is { } ed)
        {
            var perDay = ed.ArrivalsPerDayByMonth[local.Month - 1] * EdCalibration.WeekdayFactor[(int)local.DayOfWeek];
            var count = _random.Poisson(perDay * EdCalibration.HourShare[local.Hour] * fraction);
            for (var i = 0; i < count; i++)
            {
                NewAttendance(site, ed, _clock + (long)(_random.NextDouble() * span));
            }
        }

        foreach (var stream in site.DirectStreams)
        {
            // Tertiary transfers in arrive mostly in the working day; births and neonates at any hour.
            var hourWeight = stream.Daytime ? (local.Hour is >= 9 and < 19 ? 1.6 / 24 : 0.4 / 24) : 1.0 / 24;
            var count = _random.Poisson(stream.PerDay * hourWeight * fraction);
            for (var i = 0; i < count; i++)
            {
                Schedule(_clock + (long)(_random.NextDouble() * span), new Happening(HappeningKind.DirectAdmission, stream));
            }
        }

        Schedule(next, new Happening(HappeningKind.SiteHour, site));
    }

    private void NewAttendance(SiteState site, SiteEdCalibration ed, long at)
    {
        var type = _random.Pick(ed.TypeShare);
        var ambulance = _random.Chance(AmbulanceShare[type]);
        var acuity = 1 + _random.Pick(AcuityMix[type == 0 ? (ambulance ? 1 : 0) : type + 1]);
        var area = ChooseArea(site, type, acuity);
        var patient = new Patient(NewSubject(), site);
        var attendance = new EdAttendance(patient, area, type, acuity, ambulance);
        patient.Attendance = attendance;
        var admit = _random.Chance(site.AdmitProbability[type][acuity - 1]);
        if (string.Equals(area.Ref.Code, "PAEDS", StringComparison.Ordinal))
        {
            // The trust has no children's wards: children needing a bed go to the children's hospital.
            attendance.TransferOut = _random.Chance(0.08);
        }
        else if (admit)
        {
            attendance.Admit = true;
        }
        else
        {
            attendance.TransferOut = type == 0 && _random.Chance(0.012);
        }

        Schedule(at, new Happening(ambulance ? HappeningKind.AmbulanceArrival : HappeningKind.EdArrival, attendance));
    }

    private EdAreaState ChooseArea(SiteState site, int type, int acuity)
    {
        var first = site.Areas[0];
        return type switch
        {
            2 => site.FindArea("UTC") ?? site.FindArea("MINORS") ?? first,
            1 => site.FindArea("MINORS") ?? first,
            _ when acuity == 1 => site.FindArea("RESUS") ?? site.FindArea("MAJORS") ?? first,
            _ when site.FindArea("PAEDS") is { } paeds && _random.Chance(PaediatricShare) => paeds,
            _ when acuity <= 3 => site.FindArea("MAJORS") ?? first,
            _ => site.FindArea("MINORS") ?? site.FindArea("MAJORS") ?? first,
        };
    }

    /// <summary>
    /// Waits stretch as the department fills beyond its spaces (patients waiting for beds included). The urgent
    /// treatment centre sees patients in a waiting room and does not block on beds, so it is not slowed.
    /// </summary>
    private static double Crowding(EdAttendance attendance)
    {
        if (SiteState.IsUrgentTreatment(attendance.Area))
        {
            return 1.0;
        }

        var site = attendance.Patient.Site;
        return 1 + (0.8 * Math.Max(0, (site.Type1Present / (double)site.Type1Spaces) - 1.0));
    }

    private void ArriveByAmbulance(EdAttendance attendance)
    {
        var site = attendance.Patient.Site;
        Emit(site, EventKind.AmbulanceArrival, attendance.Patient.Subject, attendance.Area.Path, "ambulance", null,
            new() { ["area"] = attendance.Area.Ref.Code, ["acuity"] = Digit(attendance.Acuity) });

        // ASSUMPTION: handover median 15 minutes, longer in winter and when the department is full, with a
        // log-normal tail past 30 and 60 minutes (national handover data shows the winter tail).
        var month = Local(_clock).Month;
        var season = month switch { 12 => 1.55, 1 => 1.6, 2 => 1.35, 3 => 1.2, 11 => 1.25, 10 => 1.1, _ => 1.0 };
        var crowd = 1 + (0.5 * Math.Max(0, (site.Type1Present / (double)site.Type1Spaces) - 0.9));
        var minutes = Math.Max(4, _random.LogNormal(15 * season * crowd, 0.55));
        attendance.HandoverAt = _clock + (long)(minutes * Minute);
        Schedule(_clock + (long)(_random.Uniform(1, 3.5) * Minute), new Happening(HappeningKind.EdArrival, attendance));
        Schedule(attendance.HandoverAt, new Happening(HappeningKind.AmbulanceHandover, attendance));
    }

    private void Arrive(EdAttendance attendance)
    {
        var site = attendance.Patient.Site;
        attendance.ArrivedAt = _clock;
        attendance.Area.Present++;
        if (!SiteState.IsUrgentTreatment(attendance.Area))
        {
            site.Type1Present++;
        }

        Emit(site, EventKind.EdArrival, attendance.Patient.Subject, attendance.Area.Path, attendance.Ambulance ? "ambulance" : "walk_in", null,
            new()
            {
                ["area"] = attendance.Area.Ref.Code,
                ["acuity"] = Digit(attendance.Acuity),
                ["departmentType"] = attendance.DepartmentType == 2 ? "3" : Digit(attendance.DepartmentType + 1),
            });
        var triageAt = attendance.Ambulance
            ? Math.Max(attendance.HandoverAt, _clock) + (long)(_random.Uniform(1, 8) * Minute)
            : _clock + (long)(_random.LogNormal(12 * Crowding(attendance), 0.6) * Minute);
        Schedule(triageAt, new Happening(HappeningKind.EdTriage, attendance));
    }

    private void HandOver(EdAttendance attendance)
    {
        var minutes = (attendance.HandoverAt - attendance.ArrivedAt) / (double)Minute;
        Emit(attendance.Patient.Site, EventKind.AmbulanceHandover, attendance.Patient.Subject, attendance.Area.Path, "handover",
            Math.Round(minutes + 2, 1), new() { ["area"] = attendance.Area.Ref.Code });
    }

    private void Triage(EdAttendance attendance)
    {
        var site = attendance.Patient.Site;
        Emit(site, EventKind.EdTriage, attendance.Patient.Subject, attendance.Area.Path, Digit(attendance.Acuity), attendance.Acuity,
            new() { ["acuity"] = Digit(attendance.Acuity), ["area"] = attendance.Area.Ref.Code });
        var typeFactor = attendance.DepartmentType switch { 0 => 1.0, 1 => 0.5, _ => 0.45 };
        var wait = _random.LogNormal(SeenMedianMinutes[attendance.Acuity - 1] * typeFactor * Crowding(attendance), 0.75);
        Schedule(_clock + (long)(wait * Minute), new Happening(HappeningKind.EdSeen, attendance));
    }

    private void See(EdAttendance attendance)
    {
        var site = attendance.Patient.Site;
        Emit(site, EventKind.EdSeenByClinician, attendance.Patient.Subject, attendance.Area.Path, null, null,
            new() { ["area"] = attendance.Area.Ref.Code });
        if (attendance.DepartmentType == 0 && attendance.Acuity <= 3)
        {
            RequestEdImaging(attendance);
        }

        var minutes = attendance.Admit
            ? _random.LogNormal(100, 0.5)
            : attendance.DepartmentType switch
            {
                0 => _random.LogNormal(attendance.Acuity <= 3 ? 95 : 55, 0.7),
                1 => _random.LogNormal(40, 0.6),
                _ => _random.LogNormal(25, 0.6),
            };
        Schedule(_clock + (long)(minutes * Minute), new Happening(HappeningKind.EdDecision, attendance));
    }

    private void Decide(EdAttendance attendance)
    {
        if (attendance.Admit)
        {
            DecideToAdmit(attendance);
            return;
        }

        LeaveEd(attendance, attendance.TransferOut ? "transferred" : "discharged");
    }

    private void LeaveEd(EdAttendance attendance, string outcome)
    {
        var site = attendance.Patient.Site;
        attendance.Area.Present--;
        if (!SiteState.IsUrgentTreatment(attendance.Area))
        {
            site.Type1Present--;
        }

        var minutes = (_clock - attendance.ArrivedAt) / (double)Minute;
        Emit(site, EventKind.EdDeparture, attendance.Patient.Subject, attendance.Area.Path, outcome, Math.Round(minutes, 1),
            new() { ["area"] = attendance.Area.Ref.Code });
    }

    private static string Digit(int value) => value.ToString(CultureInfo.InvariantCulture);
}
