using Bright.Simulator.Calibration;

namespace Bright.Simulator.Model;

/// <summary>A planned theatre session (list).</summary>
internal sealed class TheatreList(SiteState site, TheatreState theatre, string listId, string specialty, long start, long end)
{
    public SiteState Site { get; } = site;

    public TheatreState Theatre { get; } = theatre;

    public string ListId { get; } = listId;

    public string Specialty { get; } = specialty;

    /// <summary>Planned start (UTC ticks).</summary>
    public long Start { get; } = start;

    /// <summary>Planned end (UTC ticks).</summary>
    public long End { get; } = end;

    public List<TheatreCase> Cases { get; } = [];
}

/// <summary>A case on a list, with its milestone times once the list runs.</summary>
internal sealed class TheatreCase(TheatreList list, string caseId, Procedure procedure, Patient patient, long plannedStart)
{
    /// <summary>Milestone codes in DOMAIN.md §6 order, <c>op_note_entered</c> beside the sequence after closure.</summary>
    public static readonly string[] Milestones =
    [
        "sent_for", "arrived", "in_anaesthetic_room", "anaesthesia_start", "anaesthesia_ready", "in_theatre", "knife_to_skin",
        "closure", "op_note_entered", "anaesthesia_end", "left_theatre", "in_recovery", "left_recovery", "clean_start", "room_ready",
    ];

    public TheatreList List { get; } = list;

    public string CaseId { get; } = caseId;

    public Procedure Procedure { get; } = procedure;

    public Patient Patient { get; } = patient;

    public long PlannedStart { get; } = plannedStart;

    public bool Cancelled { get; set; }

    /// <summary>The CaseCancelled code once a cancellation is decided: clinical, non_clinical_on_day or non_clinical_before_day.</summary>
    public string CancelCode { get; set; } = "";

    public string CancelReason { get; set; } = "";

    /// <summary>Milestone instants (UTC ticks) in <see cref="Milestones"/> order, set when the list starts.</summary>
    public long[] Times { get; } = new long[Milestones.Length];
}

/// <summary>
/// A patient cancelled on the day for a non-clinical reason, to be booked again for <see cref="Procedure"/> on a list
/// of <see cref="Specialty"/> on or after <see cref="NotBefore"/> (a local day number).
/// </summary>
internal sealed record Rebooking(string Subject, Procedure Procedure, string Specialty, string PatientClass, int NotBefore);
