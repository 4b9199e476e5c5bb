namespace Bright.Analytics.State.Alerts;

/// <summary>
/// The closed list of what an alert rule may test: each a figure the boards, the KPI catalogue or the ingest monitor
/// already expose. A numeric measure is compared with a threshold; a categorical one is tested for membership of a
/// list of values.
/// </summary>
public static class AlertMeasures
{
    /// <summary>Minutes an ambulance has waited since arrival without handing over (per ambulance).</summary>
    public const string EdHandoverMinutes = "ed.handover_minutes";

    /// <summary>Minutes a patient has been in the emergency department since arrival (per patient).</summary>
    public const string EdMinutesInDepartment = "ed.minutes_in_department";

    /// <summary>Minutes until a patient not yet breached reaches 4 hours in the department (per patient; 0 at exactly 4 hours).</summary>
    public const string EdMinutesToBreach = "ed.minutes_to_breach";

    /// <summary>Minutes a bed has waited to be cleaned (per bed with status <c>to_clean</c>).</summary>
    public const string BedsMinutesToClean = "beds.minutes_to_clean";

    /// <summary>A site's G&amp;A occupancy as a proportion (per site; DOMAIN.md §4).</summary>
    public const string BedsGaOccupancy = "beds.ga_occupancy";

    /// <summary>Minutes a running list is expected to finish after its planned end (per overrunning room).</summary>
    public const string TheatresOverrunMinutes = "theatres.overrun_minutes";

    /// <summary>Minutes a theatre has been ready to clean (per room with status <c>ready_to_clean</c>).</summary>
    public const string TheatresMinutesReadyToClean = "theatres.minutes_ready_to_clean";

    /// <summary>The change of a site's OPEL level since the previous evaluation, new minus old (per site, only when it changed).</summary>
    public const string OpelLevelChanged = "opel.level_changed";

    /// <summary>A KPI's SPC variation icon at its latest point (per KPI; MDC's icons, e.g. <c>concern_high</c>).</summary>
    public const string KpiSpecialCauseConcern = "kpi.special_cause_concern";

    /// <summary>A feed's status from the ingest monitor, its worst over sites (per feed): <c>ok</c>, <c>late</c>, <c>silent</c> or <c>rejecting</c>.</summary>
    public const string FeedStatus = "feed.status";

    /// <summary>Every measure with its kind and, for a categorical one, its values; in the order documented.</summary>
    public static IReadOnlyList<AlertMeasure> All { get; } =
    [
        new(EdHandoverMinutes, "minutes", []),
        new(EdMinutesInDepartment, "minutes", []),
        new(EdMinutesToBreach, "minutes", []),
        new(BedsMinutesToClean, "minutes", []),
        new(BedsGaOccupancy, "proportion", []),
        new(TheatresOverrunMinutes, "minutes", []),
        new(TheatresMinutesReadyToClean, "minutes", []),
        new(OpelLevelChanged, "levels", []),
        new(KpiSpecialCauseConcern, "variation",
            ["common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low", "neutral_high", "neutral_low"]),
        new(FeedStatus, "status", ["ok", "late", "silent", "rejecting"]),
    ];

    /// <summary>The measure named <paramref name="name"/>, or null when it is not one of <see cref="All"/>.</summary>
    public static AlertMeasure? Find(string? name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));
}

/// <summary>One measure an alert rule may test.</summary>
/// <param name="Name">The measure's name, e.g. <c>ed.handover_minutes</c>.</param>
/// <param name="Unit">What its values are: minutes, proportion, levels, or for a categorical measure what its values name.</param>
/// <param name="Values">A categorical measure's values; empty for a numeric one.</param>
public sealed record AlertMeasure(string Name, string Unit, IReadOnlyList<string> Values)
{
    /// <summary>Whether the measure is tested with <c>in</c> and a list of values rather than a threshold.</summary>
    public bool IsCategorical => Values.Count > 0;
}
