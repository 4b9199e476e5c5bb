using Bright.Core.Events;
using Bright.Core.Reference;

namespace Bright.Simulator.Model;

/// <summary>A ward's live state: its beds and the patients waiting for one.</summary>
internal sealed class WardState
{
    public WardState(SiteState site, Ward ward)
    {
        Site = site;
        Ref = ward;
        Path = $"{site.Code}/{ward.Code}";
        Surgical = Specialties.IsSurgical(ward.Specialty);
        var beds = new List<Bed>();
        beds.AddRange(ward.CoreBedCodes.Select(code => new Bed(this, code, escalation: false)));
        beds.AddRange(ward.EscalationBedCodes.Select(code => new Bed(this, code, escalation: true)));
        Beds = [.. beds];
    }

    public SiteState Site { get; }

    public Ward Ref { get; }

    /// <summary><c>SITE/WARD</c>.</summary>
    public string Path { get; }

    public bool Surgical { get; }

    /// <summary>Core beds first, then escalation beds.</summary>
    public Bed[] Beds { get; }

    /// <summary>Patients waiting for a bed here, first come first served; served requests are skipped.</summary>
    public Queue<BedRequest> Waiting { get; } = new();

    /// <summary>The lowest-numbered available bed, core before escalation; null when none.</summary>
    public Bed? FreeBed(bool includeEscalation)
    {
        foreach (var bed in Beds)
        {
            if (bed.Status == BedStatus.Available && (includeEscalation || !bed.Escalation))
            {
                return bed;
            }
        }

        return null;
    }
}

/// <summary>One bed and who is in it or promised it.</summary>
internal sealed class Bed(WardState ward, string code, bool escalation)
{
    public WardState Ward { get; } = ward;

    /// <summary><c>SITE/WARD/BED</c>.</summary>
    public string Path { get; } = $"{ward.Path}/{code}";

    public bool Escalation { get; } = escalation;

    /// <summary>One of <see cref="BedStatus.All"/>.</summary>
    public string Status { get; set; } = BedStatus.Available;

    public Patient? Occupant { get; set; }
}

/// <summary>Why a patient needs a bed.</summary>
internal enum BedRequestKind
{
    FromEd,
    Transfer,
}

/// <summary>A patient waiting for a bed on a ward.</summary>
internal sealed class BedRequest(Patient patient, WardState ward, BedRequestKind kind, long requestedAt)
{
    public Patient Patient { get; } = patient;

    public WardState Ward { get; } = ward;

    public BedRequestKind Kind { get; } = kind;

    public long RequestedAt { get; } = requestedAt;

    /// <summary>Served elsewhere or no longer needed; a queue skips it.</summary>
    public bool Done { get; set; }
}
