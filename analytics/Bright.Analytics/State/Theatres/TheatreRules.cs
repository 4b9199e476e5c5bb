namespace Bright.Analytics.State.Theatres;

/// <summary>Theatre trackboard rules (defaults and sources in <c>live-state.json</c>).</summary>
public sealed class TheatreRules
{
    /// <summary>The statuses a room can show.</summary>
    public static IReadOnlyList<string> RoomStatuses { get; } = ["ready", "in_use", "prepare_to_clean", "ready_to_clean", "cleaning"];

    /// <summary>A list whose first case enters theatre this many minutes after the planned start or later starts late (30).</summary>
    public int LateStartMinutes { get; set; }

    /// <summary>A list whose last case leaves this many minutes before the planned end or earlier finishes early (30).</summary>
    public int EarlyFinishMinutes { get; set; }

    /// <summary>The capped utilisation benchmark, a proportion (0.85).</summary>
    public double UtilisationBenchmark { get; set; }

    /// <summary>Touch time starts at the first recorded of these milestones, in priority order.</summary>
    public IReadOnlyList<string> TouchStartMilestones { get; set; } = [];

    /// <summary>Touch time ends at this milestone (left_theatre).</summary>
    public string TouchEndMilestone { get; set; } = "";

    /// <summary>Turnaround ends at the next case's milestone of this code (in_theatre).</summary>
    public string TurnaroundEndMilestone { get; set; } = "";

    /// <summary>Which milestone sets which room status; milestones not listed leave the status as it is.</summary>
    public IReadOnlyDictionary<string, string> RoomStatusByMilestone { get; set; } = new Dictionary<string, string>();

    /// <summary>Where each value comes from, by setting name.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; set; } = new Dictionary<string, string>();

    internal IEnumerable<string> Validate(string section)
    {
        if (LateStartMinutes < 0 || EarlyFinishMinutes < 0)
        {
            yield return $"{section}: lateStartMinutes and earlyFinishMinutes must be zero or more (were {LateStartMinutes} and {EarlyFinishMinutes}).";
        }

        if (UtilisationBenchmark is <= 0 or > 1)
        {
            yield return $"{section}.utilisationBenchmark: must be a proportion in (0, 1] (was {UtilisationBenchmark}).";
        }

        if (TouchStartMilestones.Count == 0 || string.IsNullOrWhiteSpace(TouchEndMilestone) || string.IsNullOrWhiteSpace(TurnaroundEndMilestone))
        {
            yield return $"{section}: touchStartMilestones, touchEndMilestone and turnaroundEndMilestone are required.";
        }

        foreach (var (milestone, status) in RoomStatusByMilestone)
        {
            if (!RoomStatuses.Contains(status, StringComparer.Ordinal))
            {
                yield return $"{section}.roomStatusByMilestone.{milestone}: '{status}' is not one of {string.Join(", ", RoomStatuses)}.";
            }
        }
    }
}
