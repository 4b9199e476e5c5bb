using Bright.Core.Reference;
using Bright.Simulator.Calibration;

namespace Bright.Simulator.Model;

/// <summary>An ED area's live state.</summary>
internal sealed class EdAreaState(string site, EdArea area)
{
    public EdArea Ref { get; } = area;

    /// <summary><c>SITE/ed/AREA</c>.</summary>
    public string Path { get; } = $"{site}/ed/{area.Code}";

    public int Present { get; set; }
}

/// <summary>A theatre's identity within its site.</summary>
internal sealed class TheatreState(string site, Theatre theatre)
{
    public Theatre Ref { get; } = theatre;

    /// <summary><c>SITE/theatres/ROOM</c>.</summary>
    public string Path { get; } = $"{site}/theatres/{theatre.Code}";

    public bool Emergency { get; } = string.Equals(theatre.Specialty, "emergency", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A stream of admissions that do not come through an ED: births, neonates, tertiary transfers in.</summary>
/// <param name="First">The wards admitted to, chosen by beds.</param>
/// <param name="Then">The wards moved to after the first stage, chosen by beds; empty when none.</param>
/// <param name="PerDay">Mean admissions a day.</param>
/// <param name="AdmitMethod">The <c>admitMethod</c> attribute.</param>
/// <param name="FirstStageHours">Median hours on the first ward when there is a next one.</param>
/// <param name="StayDays">Median length of stay, days.</param>
/// <param name="Daytime">Whether arrivals cluster in the working day (transfers) rather than round the clock.</param>
internal sealed record DirectStream(WardState[] First, WardState[] Then, double PerDay, string AdmitMethod, double FirstStageHours,
    double StayDays, bool Daytime);

/// <summary>One site's reference data and live state.</summary>
internal sealed class SiteState
{
    public SiteState(Site site, SiteEdCalibration? ed)
    {
        Ref = site;
        Code = site.Code;
        Ed = site.HasEd ? ed : null;
        Wards = [.. site.Wards.Select(w => new WardState(this, w))];
        Areas = [.. site.EdAreas.Select(a => new EdAreaState(site.Code, a))];
        Theatres = [.. site.Theatres.Select(t => new TheatreState(site.Code, t))];
        var inpatient = Wards.Where(w => w.Ref.Type == WardType.GA).ToArray();
        MedicalWards = [.. inpatient.Where(w => !w.Surgical)];
        SurgicalWards = [.. inpatient.Where(w => w.Surgical)];
        MedicalAssessment = Wards.FirstOrDefault(w => w.Ref.Type == WardType.Assessment && !w.Surgical);
        SurgicalAssessment = Wards.FirstOrDefault(w => w.Ref.Type == WardType.Assessment && w.Surgical);
        CriticalCare = Wards.FirstOrDefault(w => w.Ref.Type == WardType.CriticalCare && !w.Ref.Specialty.Contains("neonat", StringComparison.Ordinal));
        DayUnit = Wards.FirstOrDefault(w => w.Ref.Type == WardType.DayCase);
        Type1Spaces = Math.Max(1, Areas.Where(a => !IsUrgentTreatment(a)).Sum(a => a.Ref.Spaces));
    }

    public Site Ref { get; }

    public string Code { get; }

    /// <summary>ED calibration; null when the site has no ED.</summary>
    public SiteEdCalibration? Ed { get; }

    public WardState[] Wards { get; }

    public EdAreaState[] Areas { get; }

    public TheatreState[] Theatres { get; }

    public WardState[] MedicalWards { get; }

    public WardState[] SurgicalWards { get; }

    public WardState? MedicalAssessment { get; }

    public WardState? SurgicalAssessment { get; }

    public WardState? CriticalCare { get; }

    public List<DirectStream> DirectStreams { get; } = [];

    /// <summary>General and acute wards an emergency admission can end on, and their weights (beds).</summary>
    public WardState[] EmergencyWards { get; set; } = [];

    public double[] EmergencyWeights { get; set; } = [];

    /// <summary>Probability of admission by department type (0-2) and acuity (0-4).</summary>
    public double[][] AdmitProbability { get; set; } = [];

    /// <summary>Multiplies emergency lengths of stay so expected occupancy meets the site's beds.</summary>
    public double LosScale { get; set; } = 1.0;

    /// <summary>Trolley and cubicle spaces outside the urgent treatment centre.</summary>
    public int Type1Spaces { get; }

    /// <summary>Patients present in the ED outside the urgent treatment centre.</summary>
    public int Type1Present { get; set; }

    /// <summary>Emergency inpatients waiting for an emergency (CEPOD) theatre slot.</summary>
    public Queue<Patient> AwaitingEmergencySurgery { get; } = new();

    /// <summary>The day-case unit, where day cases are admitted and go home from; null when the site has none.</summary>
    public WardState? DayUnit { get; }

    /// <summary>Beds held (reserved) for elective patients being admitted on the day of surgery.</summary>
    public List<Bed> ElectiveHolds { get; } = [];

    /// <summary>Elective patients due in tomorrow morning whom no held bed has been found for yet.</summary>
    public int ElectiveBedsWanted { get; set; }

    /// <summary>Patients cancelled on the day for a non-clinical reason, waiting to be booked onto a list again.</summary>
    public List<Rebooking> Rebookings { get; } = [];

    public long EventSequence { get; set; }

    public int CaseSequence { get; set; }

    public static bool IsUrgentTreatment(EdAreaState area) => string.Equals(area.Ref.Code, "UTC", StringComparison.Ordinal);

    public WardState? FindWard(string code) => Wards.FirstOrDefault(w => string.Equals(w.Ref.Code, code, StringComparison.Ordinal));

    public EdAreaState? FindArea(string code) => Areas.FirstOrDefault(a => string.Equals(a.Ref.Code, code, StringComparison.Ordinal));
}
