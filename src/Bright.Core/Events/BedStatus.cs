namespace Bright.Core.Events;

/// <summary>
/// The bed statuses a <see cref="EventKind.BedStatusChanged"/> carries in its Code (DESIGN.md, DOMAIN.md §4).
/// </summary>
public static class BedStatus
{
    /// <summary>A patient is in the bed.</summary>
    public const string Occupied = "occupied";

    /// <summary>Vacated, awaiting cleaning.</summary>
    public const string ToClean = "to_clean";

    /// <summary>Being cleaned.</summary>
    public const string Cleaning = "cleaning";

    /// <summary>Empty, clean, usable and not promised.</summary>
    public const string Available = "available";

    /// <summary>Open but unusable (isolation, contamination, maintenance, staffing); needs a reason.</summary>
    public const string Blocked = "blocked";

    /// <summary>Promised to a named incoming patient.</summary>
    public const string Reserved = "reserved";

    /// <summary>Every status the contract accepts, in the order screens list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Occupied, ToClean, Cleaning, Available, Blocked, Reserved];

    /// <summary>Whether <paramref name="code"/> is one of <see cref="All"/> (case-sensitive, as on the wire).</summary>
    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}
