namespace Bright.Analytics.State.Theatres;

/// <summary>The <c>theatres:{site}</c> topic's data for one local date. Times UTC; no subject keys.</summary>
/// <param name="Site">The site's code.</param>
/// <param name="Date">The local (Europe/London) date.</param>
/// <param name="AsOf">When the view was computed.</param>
/// <param name="Summary">The day's metrics over every list.</param>
/// <param name="Rooms">Every room, reference order first.</param>
public sealed record TheatreView(string Site, DateOnly Date, DateTimeOffset AsOf, TheatreDaySummary Summary, IReadOnlyList<RoomView> Rooms);

/// <summary>A day's theatre metrics: minutes are summed, then divided (never an average of percentages).</summary>
/// <param name="Lists">Lists planned that day.</param>
/// <param name="PlannedMinutes">Σ D.</param>
/// <param name="CappedTouchMinutes">Σ capped touch time.</param>
/// <param name="UncappedTouchMinutes">Σ uncapped touch time.</param>
/// <param name="CappedUtilisation">Σ capped ÷ Σ D.</param>
/// <param name="UncappedUtilisation">Σ uncapped ÷ Σ D.</param>
/// <param name="UtilisationBenchmark">The capped benchmark (0.85).</param>
/// <param name="LateStarts">Lists starting late by the threshold or more.</param>
/// <param name="EarlyFinishes">Lists finishing early by the threshold or more.</param>
/// <param name="Turnarounds">Turnarounds measured.</param>
/// <param name="TurnaroundMinutes">Their total minutes.</param>
/// <param name="MeanTurnaroundMinutes">Total ÷ count.</param>
/// <param name="CasesPlanned">Cases on the lists, not cancelled.</param>
/// <param name="CasesDone">Cases that left theatre.</param>
/// <param name="CancelledOnTheDay">Cases cancelled on the day of their list or later.</param>
/// <param name="CancellationReasons">Those cancellations by reason.</param>
/// <param name="CasesPerSession">Cases done ÷ lists.</param>
/// <param name="RoomsReadyToClean">Rooms waiting for the cleaning team now.</param>
/// <param name="DataQualityIssues">Events of this site live state kept but could not fully use.</param>
public sealed record TheatreDaySummary(int Lists, double PlannedMinutes, double CappedTouchMinutes, double UncappedTouchMinutes, double? CappedUtilisation,
    double? UncappedUtilisation, double UtilisationBenchmark, int LateStarts, int EarlyFinishes, int Turnarounds, double TurnaroundMinutes,
    double? MeanTurnaroundMinutes, int CasesPlanned, int CasesDone, int CancelledOnTheDay, IReadOnlyList<CancellationCount> CancellationReasons,
    double? CasesPerSession, int RoomsReadyToClean, int DataQualityIssues)
{
    /// <summary>
    /// The 28-day rule for on-the-day cancellations (rebooked within 28 days, open with days remaining, breaches),
    /// shown for today only; null for other days.
    /// </summary>
    public TheatreRebooking? Rebooking { get; init; }
}

/// <summary>Cancellations with one reason.</summary>
/// <param name="Reason">The reason given.</param>
/// <param name="Count">How many.</param>
public sealed record CancellationCount(string Reason, int Count);

/// <summary>One theatre room.</summary>
/// <param name="Code">The room's code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Known">Whether reference data knows it.</param>
/// <param name="Status"><c>ready</c>, <c>in_use</c>, <c>prepare_to_clean</c>, <c>ready_to_clean</c> or <c>cleaning</c>; null for other days.</param>
/// <param name="StatusSince">When it took that status.</param>
/// <param name="MinutesInStatus">Whole minutes since.</param>
/// <param name="CurrentListId">The list running now.</param>
/// <param name="CurrentCase">The case in progress.</param>
/// <param name="CurrentMilestone">Its latest milestone.</param>
/// <param name="MilestoneAt">When it was recorded.</param>
/// <param name="MinutesInMilestone">Whole minutes since.</param>
/// <param name="PlannedFinish">The running list's planned end.</param>
/// <param name="ExpectedFinish">Now (or the current case's planned end) + planned minutes of the cases still to start.</param>
/// <param name="Overrunning">Past the current case's or the list's planned end, or expected to finish after it.</param>
/// <param name="OverrunMinutes">Expected − planned finish when positive.</param>
/// <param name="Sessions">The day's lists in the room.</param>
/// <param name="UnscheduledCases">Cases with milestones but on no list of the day.</param>
public sealed record RoomView(string Code, string Name, bool Known, string? Status, DateTimeOffset? StatusSince, int? MinutesInStatus, string? CurrentListId,
    CaseView? CurrentCase, string? CurrentMilestone, DateTimeOffset? MilestoneAt, int? MinutesInMilestone, DateTimeOffset? PlannedFinish,
    DateTimeOffset? ExpectedFinish, bool Overrunning, double? OverrunMinutes, IReadOnlyList<SessionView> Sessions, IReadOnlyList<CaseView> UnscheduledCases);

/// <summary>One list (session) in a room.</summary>
/// <param name="ListId">The list's id.</param>
/// <param name="Session">AM, PM or EVE when given.</param>
/// <param name="Specialty">The list's specialty.</param>
/// <param name="Start">Planned start S.</param>
/// <param name="End">Planned end E.</param>
/// <param name="Metrics">Its metrics.</param>
/// <param name="Cases">Its cases in planned order.</param>
public sealed record SessionView(string ListId, string? Session, string? Specialty, DateTimeOffset Start, DateTimeOffset End, ListMetrics Metrics,
    IReadOnlyList<CaseView> Cases);

/// <summary>One case, identified by its position and procedure only.</summary>
/// <param name="Position">1-based position on its list.</param>
/// <param name="Procedure">The procedure.</param>
/// <param name="PlannedStart">Its planned start.</param>
/// <param name="PlannedMinutes">Its planned length.</param>
/// <param name="PatientClass">elective, daycase, emergency...</param>
/// <param name="Scheduled">Whether a CaseScheduled was received.</param>
/// <param name="State"><c>scheduled</c>, <c>in_progress</c>, <c>done</c> or <c>cancelled</c>.</param>
/// <param name="Milestone">Its latest milestone.</param>
/// <param name="MilestoneAt">When.</param>
/// <param name="CancelReason">Why it was cancelled.</param>
/// <param name="CancelledAt">When it was cancelled.</param>
public sealed record CaseView(int Position, string? Procedure, DateTimeOffset? PlannedStart, double? PlannedMinutes, string? PatientClass, bool Scheduled,
    string State, string? Milestone, DateTimeOffset? MilestoneAt, string? CancelReason, DateTimeOffset? CancelledAt);

/// <summary>
/// The 28-day rule at a moment (DOMAIN.md §6): on-the-day non-clinical cancellations of the last 56 days and whether
/// each was rebooked for a date within 28 days. Identified by room and procedure only.
/// </summary>
/// <param name="WindowDays">28.</param>
/// <param name="RebookedWithin28Days">Cancellations rebooked for a date within 28 days.</param>
/// <param name="Open">Cancellations not yet rebooked within 28 days whose 28 days have not run out.</param>
/// <param name="Breaches">Cancellations not rebooked within 28 days: the days ran out, or the new date is later.</param>
/// <param name="Cancellations">The open ones and the breaches, newest first.</param>
public sealed record TheatreRebooking(int WindowDays, int RebookedWithin28Days, int Open, int Breaches, IReadOnlyList<CancellationRebooking> Cancellations);

/// <summary>One on-the-day cancellation under the 28-day rule.</summary>
/// <param name="Procedure">The procedure cancelled.</param>
/// <param name="Room">The theatre it was booked in.</param>
/// <param name="CancelledOn">The local date it was cancelled.</param>
/// <param name="Reason">The reason given.</param>
/// <param name="Deadline">The last local date a new operation date may fall on: cancelled on + 28 days.</param>
/// <param name="RebookedFor">The local date of the rebooked operation; null when not rebooked.</param>
/// <param name="Status"><c>rebooked</c> (within 28 days), <c>open</c> (not yet, days remain) or <c>breach</c>.</param>
/// <param name="DaysRemaining">Whole days to the deadline while open; null otherwise.</param>
public sealed record CancellationRebooking(string Procedure, string Room, DateOnly CancelledOn, string? Reason, DateOnly Deadline, DateOnly? RebookedFor,
    string Status, int? DaysRemaining);
