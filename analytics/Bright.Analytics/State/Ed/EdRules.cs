namespace Bright.Analytics.State.Ed;

/// <summary>Emergency department thresholds in minutes (defaults and sources in <c>live-state.json</c>).</summary>
public sealed class EdRules
{
    /// <summary>The 4-hour standard (240).</summary>
    public int FourHourMinutes { get; set; }

    /// <summary>Patients within this many minutes of the 4-hour breach are "about to breach" (30).</summary>
    public int AboutToBreachMinutes { get; set; }

    /// <summary>12 hours in department, and the 12-hour trolley wait from decision to admit (720).</summary>
    public int TwelveHourMinutes { get; set; }

    /// <summary>The handover standard (15).</summary>
    public int HandoverTargetMinutes { get; set; }

    /// <summary>Handover clock bands: a waiting ambulance is counted in each band it has passed (15, 30, 45, 60).</summary>
    public IReadOnlyList<int> HandoverBandsMinutes { get; set; } = [];

    /// <summary>Time lost counts handover minutes past this (15).</summary>
    public int HandoverLostAfterMinutes { get; set; }

    /// <summary>Hours of ED events read at start-up (48).</summary>
    public int RebuildHours { get; set; }

    /// <summary>Where each value comes from, by setting name.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; set; } = new Dictionary<string, string>();

    internal IEnumerable<string> Validate(string section)
    {
        foreach (var (key, value) in new[]
        {
            ("fourHourMinutes", FourHourMinutes), ("aboutToBreachMinutes", AboutToBreachMinutes), ("twelveHourMinutes", TwelveHourMinutes),
            ("handoverTargetMinutes", HandoverTargetMinutes), ("rebuildHours", RebuildHours),
        })
        {
            if (value < 1)
            {
                yield return $"{section}.{key}: must be at least 1 (was {value}).";
            }
        }

        if (HandoverLostAfterMinutes < 0)
        {
            yield return $"{section}.handoverLostAfterMinutes: must be zero or more (was {HandoverLostAfterMinutes}).";
        }

        if (HandoverBandsMinutes.Count == 0 || HandoverBandsMinutes.Any(b => b < 1) || !HandoverBandsMinutes.SequenceEqual(HandoverBandsMinutes.Order()))
        {
            yield return $"{section}.handoverBandsMinutes: must be ascending positive minutes (was [{string.Join(", ", HandoverBandsMinutes)}]).";
        }
    }
}
