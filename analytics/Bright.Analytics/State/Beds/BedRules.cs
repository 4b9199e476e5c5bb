namespace Bright.Analytics.State.Beds;

/// <summary>How LOS is counted (DOMAIN.md §4: midnights vs 24-hour periods is a setting).</summary>
public enum LosCounting
{
    /// <summary>Local calendar days: midnights passed in Europe/London since admission.</summary>
    Midnights,

    /// <summary>Whole 24-hour periods since admission.</summary>
    Hours24,
}

/// <summary>Bed board thresholds (defaults and sources in <c>live-state.json</c>).</summary>
public sealed class BedRules
{
    /// <summary>G&amp;A occupancy above which a site is flagged, as a proportion (0.92).</summary>
    public double OccupancyThreshold { get; set; }

    /// <summary>LOS in days from which a patient is stranded (7).</summary>
    public int StrandedDays { get; set; }

    /// <summary>LOS in days from which a patient is super-stranded (21).</summary>
    public int SuperStrandedDays { get; set; }

    /// <summary>How LOS days are counted.</summary>
    public LosCounting LosCounting { get; set; }

    /// <summary>Local (Europe/London) time before which a discharge counts as "before noon".</summary>
    public TimeOnly Noon { get; set; }

    /// <summary>Whether blocked beds stay in the occupancy denominator.</summary>
    public bool BlockedInDenominator { get; set; }

    /// <summary>Statuses in which an escalation bed counts as open; otherwise it is shown closed.</summary>
    public IReadOnlyList<string> EscalationOpenStatuses { get; set; } = [];

    /// <summary>Where each value comes from, by setting name.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; set; } = new Dictionary<string, string>();

    internal IEnumerable<string> Validate(string section)
    {
        if (OccupancyThreshold is <= 0 or > 2 || !double.IsFinite(OccupancyThreshold))
        {
            yield return $"{section}.occupancyThreshold: must be a proportion in (0, 2], e.g. 0.92 (was {OccupancyThreshold}).";
        }

        if (StrandedDays < 1 || SuperStrandedDays <= StrandedDays)
        {
            yield return $"{section}.strandedDays/superStrandedDays: need 1 <= stranded < super-stranded (were {StrandedDays} and {SuperStrandedDays}).";
        }
    }
}
