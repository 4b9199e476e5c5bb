using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Simulator.Calibration;
using Bright.Simulator.Engine;
using Bright.Simulator.Model;

namespace Bright.Simulator;

public sealed partial class TrustSimulator
{
    /// <summary>ASSUMPTION: births a day per maternity bed (80 beds give about 7,900 births a year).</summary>
    private const double BirthsPerMaternityBedPerDay = 0.27;

    /// <summary>ASSUMPTION: neonatal admissions a day per neonatal cot.</summary>
    private const double NeonatalAdmissionsPerCotPerDay = 0.075;

    /// <summary>ASSUMPTION: median stay, days, of tertiary transfers into a site with no ED.</summary>
    private const double TransferInStayDays = 4;

    private static void ConfigureSite(SiteState site)
    {
        site.EmergencyWards = [.. site.MedicalWards, .. site.SurgicalWards];
        site.EmergencyWeights = [.. site.EmergencyWards.Select(w => (double)w.Ref.Beds)];
        if (site.Ed is { } ed)
        {
            ConfigureAdmissions(site, ed);
        }

        var maternity = site.Wards.Where(w => w.Ref.Type == WardType.Maternity).ToArray();
        var delivery = maternity.Where(w => string.Equals(w.Ref.Code, "DEL", StringComparison.Ordinal)).ToArray();
        if (maternity.Length > 0)
        {
            var postnatal = maternity.Except(delivery).ToArray();
            var perDay = BirthsPerMaternityBedPerDay * maternity.Sum(w => w.Ref.Beds);
            site.DirectStreams.Add(delivery.Length > 0 && postnatal.Length > 0
                ? new DirectStream(delivery, postnatal, perDay, "maternity", 10, 1.6, Daytime: false)
                : new DirectStream(maternity, [], perDay, "maternity", 0, 1.6, Daytime: false));
        }

        foreach (var neonatal in site.Wards.Where(w => w.Ref.Specialty.Contains("neonat", StringComparison.OrdinalIgnoreCase)))
        {
            site.DirectStreams.Add(new DirectStream([neonatal], [], NeonatalAdmissionsPerCotPerDay * neonatal.Ref.Beds, "birth", 0, 8, Daytime: false));
        }

        if (site.Ed is null)
        {
            // A specialist site without an ED takes patients transferred from other hospitals onto its medical wards.
            var meanStay = TransferInStayDays * Math.Exp(0.6 * 0.6 / 2);
            foreach (var ward in site.MedicalWards)
            {
                site.DirectStreams.Add(new DirectStream([ward], [], 0.8 * ward.Ref.Beds / meanStay, "transfer_in", 0, TransferInStayDays, Daytime: true));
            }
        }
    }

    /// <summary>
    /// Admission chances by department type and acuity, rescaled so each type's admitted share matches the CSV; and
    /// the length-of-stay scale that makes expected emergency occupancy <see cref="PlannedOccupancy"/> of G&amp;A beds.
    /// </summary>
    private static void ConfigureAdmissions(SiteState site, SiteEdCalibration ed)
    {
        var hasPaeds = site.FindArea("PAEDS") is not null;
        var table = new double[3][];
        for (var type = 0; type < 3; type++)
        {
            var mix = type == 0
                ? AcuityMix[0].Zip(AcuityMix[1], (walk, ambulance) => ((1 - AmbulanceShare[0]) * walk) + (AmbulanceShare[0] * ambulance)).ToArray()
                : AcuityMix[type + 1];
            var meanFactor = mix.Zip(AdmitFactor, (m, f) => m * f).Sum();
            var share = ed.AdmittedShare[type];
            if (type == 0 && hasPaeds)
            {
                // Children go to the children's hospital, so adults carry the site's whole admitted share.
                share /= 1 - (PaediatricShare * (1 - mix[0]));
            }

            table[type] = [.. AdmitFactor.Select(f => Math.Min(0.95, share * f / meanFactor))];
        }

        site.AdmitProbability = table;
        var admissionsPerDay = ed.MeanArrivalsPerDay * ed.TypeShare.Zip(ed.AdmittedShare, (s, a) => s * a).Sum();
        var beds = site.Wards.Where(w => w.Ref.IsGeneralAndAcute).Sum(w => w.Ref.Beds);
        var planned = Math.Min(PlannedOccupancy * beds, AssessmentBedDaysPerDay(site, admissionsPerDay) + SafeOccupancy(site.EmergencyWards.Sum(w => w.Ref.Beds)));
        var emergencyBedDays = planned - ElectiveBedDaysPerDay(site);
        if (admissionsPerDay > 0 && emergencyBedDays > 0)
        {
            site.LosScale = Math.Clamp(emergencyBedDays / admissionsPerDay / EmergencyMeanStayDays, 0.4, 1.6);
        }
    }

    /// <summary>
    /// Expected assessment-unit bed-days a day: emergency admissions pass through the medical or surgical assessment
    /// unit for hours, not days, so those beds carry far less than their share of the stays planned for G&amp;A beds.
    /// </summary>
    private static double AssessmentBedDaysPerDay(SiteState site, double admissionsPerDay)
    {
        var baseBeds = site.EmergencyWards.Sum(w => w.Ref.Beds);
        if (baseBeds == 0)
        {
            return 0;
        }

        var surgical = site.EmergencyWards.Where(w => w.Surgical).Sum(w => w.Ref.Beds) / (double)baseBeds;
        var medicalHours = site.MedicalAssessment is null ? 0 : (1 - surgical) * MedicalAssessmentShare * MedicalAssessmentHours;
        var surgicalHours = site.SurgicalAssessment is null ? 0 : surgical * SurgicalAssessmentShare * SurgicalAssessmentHours;
        var notCritical = site.CriticalCare is null ? 1 : 1 - CriticalCareFirstShare;
        return admissionsPerDay * notCritical * (medicalHours + surgicalHours) * Math.Exp(0.5 * 0.5 / 2) / 24;
    }

    /// <summary>
    /// ASSUMPTION: the most bed-days a day a pool of <paramref name="beds"/> base ward beds is planned to carry, so the
    /// mean plus two standard deviations of a Poisson occupancy still fits (x + 2√x = beds): a 400-bed hospital can
    /// plan near 90%, a single 26-bed ward near 68%, since a small unit has no other ward to absorb a busy day.
    /// </summary>
    private static double SafeOccupancy(int beds) => Math.Pow(Math.Sqrt(beds + 1.0) - 1, 2);

    /// <summary>
    /// ASSUMPTION: a bed held for an elective inpatient stands empty about half a day before the patient arrives
    /// (holds start at 10:00 the day before and fill as beds come free).
    /// </summary>
    private const double ElectiveHoldDays = 0.5;

    /// <summary>
    /// Expected G&amp;A bed-days a day taken by elective inpatients: ten sessions a week per elective theatre, each
    /// booked to about 97.5% of four hours with its specialty's procedures and the booked turnarounds, and each
    /// inpatient's bed held empty for <see cref="ElectiveHoldDays"/> before admission.
    /// </summary>
    private static double ElectiveBedDaysPerDay(SiteState site)
    {
        var total = 0.0;
        foreach (var theatre in site.Theatres.Where(t => !t.Emergency && t.Ref.Specialty != "obstetrics"))
        {
            var procedures = ProcedureCatalogue.For(theatre.Ref.Specialty);
            var booked = (ListFillLow + ListFillHigh) / 2 * 240;
            var casesPerSession = (booked + BookedTurnaroundMinutes) / (procedures.Average(p => p.PlannedMinutes) + BookedTurnaroundMinutes);
            var stayPerCase = procedures.Average(p => p.DayCase ? 0.1 * p.StayDays * Math.Exp(0.125) : (p.StayDays * Math.Exp(0.125)) + ElectiveHoldDays);
            total += 10 * 0.95 * casesPerSession * stayPerCase / 7;
        }

        return total;
    }

    /// <summary>History opens: every bed is announced available, and the hourly, daily and theatre cycles begin.</summary>
    private void Open()
    {
        foreach (var site in _sites)
        {
            foreach (var ward in site.Wards)
            {
                foreach (var bed in ward.Beds)
                {
                    EmitBed(bed, BedStatus.Available);
                }
            }
        }

        foreach (var site in _sites)
        {
            RunSiteHour(site);
        }

        var today = Core.Time.UkTime.LocalDate(new DateTimeOffset(_clock, TimeSpan.Zero));
        var firstDay = DayStartAt(today) > _clock ? today : today.AddDays(1);
        for (var day = firstDay; day < firstDay.AddDays(ListPlanningDays); day = day.AddDays(1))
        {
            PlanLists(day);
        }

        for (var day = firstDay; day < firstDay.AddDays(CaseBookingDays); day = day.AddDays(1))
        {
            BookCases(day);
        }

        Schedule(DayStartAt(firstDay), new Happening(HappeningKind.DayStart, null, 0, firstDay.DayNumber));
    }

    private static long DayStartAt(DateOnly day) => FromLocal(day.ToDateTime(new TimeOnly(5, 0)));

    /// <summary>05:00 each day: plan lists two weeks ahead, book cases three days ahead, run today's lists, staff shifts.</summary>
    private void StartDay(int dayNumber)
    {
        var day = DateOnly.FromDayNumber(dayNumber);
        PlanLists(day.AddDays(ListPlanningDays));
        BookCases(day.AddDays(CaseBookingDays));
        RunDay(day);
        foreach (var site in _sites)
        {
            Schedule(FromLocal(day.ToDateTime(new TimeOnly(7, 30))), new Happening(HappeningKind.StaffingShift, site, 0, 0));
            Schedule(FromLocal(day.ToDateTime(new TimeOnly(19, 30))), new Happening(HappeningKind.StaffingShift, site, 0, 1));
        }

        Schedule(DayStartAt(day.AddDays(1)), new Happening(HappeningKind.DayStart, null, 0, day.AddDays(1).DayNumber));
    }
}
