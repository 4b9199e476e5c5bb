namespace Bright.Store.LiveHistory;

/// <summary>One theatre list's metrics as stored (DOMAIN.md §6). Minutes sum across sessions; utilisation is derived.</summary>
/// <param name="Site">The site's code.</param>
/// <param name="ListId">The list's id.</param>
/// <param name="Room">The theatre room.</param>
/// <param name="SessionDate">The local (Europe/London) date of the planned start.</param>
/// <param name="Session">AM, PM or EVE when given.</param>
/// <param name="Specialty">The list's specialty.</param>
/// <param name="PlannedStart">S (UTC).</param>
/// <param name="PlannedEnd">E (UTC).</param>
/// <param name="PlannedMinutes">D = E − S.</param>
/// <param name="CappedTouchMinutes">Σ max(0, min(t₁, E) − max(t₀, S)).</param>
/// <param name="UncappedTouchMinutes">Σ (t₁ − t₀).</param>
/// <param name="LateStartMinutes">First in_theatre − S; null when no case entered theatre.</param>
/// <param name="LateStart">Late by the threshold or more.</param>
/// <param name="EarlyFinishMinutes">E − last left_theatre once every case is done.</param>
/// <param name="EarlyFinish">Early by the threshold or more.</param>
/// <param name="OverrunMinutes">Last left_theatre − E when positive.</param>
/// <param name="Turnarounds">Turnarounds measured.</param>
/// <param name="TurnaroundMinutes">Their total minutes.</param>
/// <param name="CasesPlanned">Cases on the list not cancelled.</param>
/// <param name="CasesDone">Cases that left theatre.</param>
/// <param name="CancelledOnTheDay">Cases cancelled on or after the list's day.</param>
/// <param name="Cancellations">Those cancellations by reason.</param>
/// <param name="WrittenAt">When the row was written (UTC).</param>
public sealed record TheatreSessionRecord(string Site, string ListId, string Room, DateOnly SessionDate, string? Session, string? Specialty,
    DateTimeOffset PlannedStart, DateTimeOffset PlannedEnd, double PlannedMinutes, double CappedTouchMinutes, double UncappedTouchMinutes,
    double? LateStartMinutes, bool LateStart, double? EarlyFinishMinutes, bool EarlyFinish, double? OverrunMinutes, int Turnarounds,
    double TurnaroundMinutes, int CasesPlanned, int CasesDone, int CancelledOnTheDay, IReadOnlyList<SessionCancellation> Cancellations,
    DateTimeOffset WrittenAt)
{
    /// <summary>Capped touch ÷ planned minutes; null for a list of no length.</summary>
    public double? CappedUtilisation => PlannedMinutes > 0 ? CappedTouchMinutes / PlannedMinutes : null;

    /// <summary>Uncapped touch ÷ planned minutes.</summary>
    public double? UncappedUtilisation => PlannedMinutes > 0 ? UncappedTouchMinutes / PlannedMinutes : null;
}

/// <summary>On-the-day cancellations of a session with one reason.</summary>
/// <param name="Reason">The reason given.</param>
/// <param name="Count">How many.</param>
public sealed record SessionCancellation(string Reason, int Count);

/// <summary>An OPEL level as recorded, with what made it.</summary>
/// <param name="RecordedAt">When (UTC).</param>
/// <param name="Site">A site code, or <c>trust</c>.</param>
/// <param name="Level">OPEL 1-4; null when nothing could be measured.</param>
/// <param name="Score">The weighted score.</param>
/// <param name="ConfigVersion">The OPEL table version that scored it.</param>
/// <param name="ConfigLabel">Its label, e.g. "indicative".</param>
/// <param name="Reason"><c>level_change</c> or <c>interval</c>.</param>
/// <param name="Parameters">Each contributing parameter (for the trust, each site) with its value, level and weight.</param>
public sealed record OpelHistoryRecord(DateTimeOffset RecordedAt, string Site, int? Level, double? Score, string ConfigVersion, string ConfigLabel,
    string Reason, IReadOnlyList<OpelHistoryParameter> Parameters);

/// <summary>One contributor to a recorded OPEL level.</summary>
/// <param name="Id">The parameter id (or the site code, for the trust).</param>
/// <param name="Value">Its value (for a site, its score); null when not measured.</param>
/// <param name="Level">Its level.</param>
/// <param name="Weight">Its weight.</param>
public sealed record OpelHistoryParameter(string Id, double? Value, int? Level, double Weight);

/// <summary>One acknowledgement of an alert.</summary>
/// <param name="AlertId">The alert's id.</param>
/// <param name="Rule">The rule that raised it.</param>
/// <param name="Severity">Its severity then.</param>
/// <param name="Site">The site's code.</param>
/// <param name="Location">Where.</param>
/// <param name="Message">What it said.</param>
/// <param name="RaisedAt">When it was raised (UTC).</param>
/// <param name="AcknowledgedAt">When it was acknowledged (UTC).</param>
/// <param name="AcknowledgedBy">Who acknowledged it (the token's name).</param>
public sealed record AlertAcknowledgement(string AlertId, string Rule, string Severity, string Site, string Location, string Message,
    DateTimeOffset RaisedAt, DateTimeOffset AcknowledgedAt, string AcknowledgedBy);

/// <summary>An alert raised or resolved.</summary>
/// <param name="At">When (UTC).</param>
/// <param name="AlertId">The alert's id.</param>
/// <param name="Event"><c>raised</c> or <c>resolved</c>.</param>
/// <param name="Rule">The rule.</param>
/// <param name="Severity">Its severity then.</param>
/// <param name="Site">The site's code.</param>
/// <param name="Location">Where.</param>
/// <param name="Message">What it said.</param>
public sealed record AlertEvent(DateTimeOffset At, string AlertId, string Event, string Rule, string Severity, string Site, string Location,
    string Message);
