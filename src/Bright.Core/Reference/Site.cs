namespace Bright.Core.Reference;

/// <summary>A hospital site, identified by its ODS code.</summary>
/// <param name="Code">ODS site code, e.g. <c>RQ6</c>.</param>
/// <param name="Name">Full name.</param>
/// <param name="ShortName">Name for tiles and headers.</param>
/// <param name="HasEd">Whether the site runs an emergency department.</param>
/// <param name="Wards">Its wards.</param>
/// <param name="EdAreas">Its ED areas (empty when <paramref name="HasEd"/> is false).</param>
/// <param name="Theatres">Its operating theatres.</param>
public sealed record Site(string Code, string Name, string ShortName, bool HasEd, IReadOnlyList<Ward> Wards, IReadOnlyList<EdArea> EdAreas,
    IReadOnlyList<Theatre> Theatres)
{
    /// <summary>The ward with this code, or null.</summary>
    public Ward? FindWard(string? code) => Wards.FirstOrDefault(w => string.Equals(w.Code, code, StringComparison.Ordinal));

    /// <summary>Core beds across all wards (escalation beds excluded).</summary>
    public int CoreBeds => Wards.Sum(w => w.Beds);
}

/// <summary>What a ward is for; decides which measures count it (G&amp;A occupancy counts <see cref="GA"/> and <see cref="Assessment"/>).</summary>
public enum WardType
{
    /// <summary>General and acute inpatient ward.</summary>
    GA,

    /// <summary>Assessment unit (AMU, SAU): G&amp;A, but excluded from "discharges before noon".</summary>
    Assessment,

    /// <summary>Critical care: not G&amp;A.</summary>
    CriticalCare,

    /// <summary>Maternity: not G&amp;A.</summary>
    Maternity,

    /// <summary>Day-case (day surgery) unit: patients come and go on the day of their procedure; not G&amp;A.</summary>
    DayCase,
}

/// <summary>A ward with its core and escalation beds.</summary>
/// <param name="Code">Ward code, unique within its site.</param>
/// <param name="Name">Display name.</param>
/// <param name="Specialty">Main specialty.</param>
/// <param name="Type">What the ward is for.</param>
/// <param name="Beds">Core beds, named <c>B01</c>…</param>
/// <param name="EscalationBeds">Escalation beds opened beyond core capacity, named <c>E01</c>…</param>
public sealed record Ward(string Code, string Name, string Specialty, WardType Type, int Beds, int EscalationBeds)
{
    /// <summary>Whether the ward counts towards general and acute bed measures.</summary>
    public bool IsGeneralAndAcute => Type is WardType.GA or WardType.Assessment;

    /// <summary>Core bed codes, <c>B01</c>, <c>B02</c>, …</summary>
    public IEnumerable<string> CoreBedCodes => Enumerable.Range(1, Beds).Select(i => $"B{i:00}");

    /// <summary>Escalation bed codes, <c>E01</c>, <c>E02</c>, …</summary>
    public IEnumerable<string> EscalationBedCodes => Enumerable.Range(1, EscalationBeds).Select(i => $"E{i:00}");
}

/// <summary>An area of an emergency department.</summary>
/// <param name="Code">Area code, unique within its site.</param>
/// <param name="Name">Display name.</param>
/// <param name="Spaces">Cubicles or trolley spaces.</param>
/// <param name="Majors">Whether it counts towards majors + resus occupancy.</param>
public sealed record EdArea(string Code, string Name, int Spaces, bool Majors);

/// <summary>An operating theatre.</summary>
/// <param name="Code">Room code, unique within its site.</param>
/// <param name="Name">Display name.</param>
/// <param name="Specialty">Usual specialty of its lists.</param>
public sealed record Theatre(string Code, string Name, string Specialty);
