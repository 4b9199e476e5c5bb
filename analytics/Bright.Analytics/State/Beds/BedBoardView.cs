namespace Bright.Analytics.State.Beds;

/// <summary>The <c>beds:{site}</c> topic's data: a site's bed board. Times are UTC; no subject keys.</summary>
/// <param name="Site">The site's code.</param>
/// <param name="AsOf">When the view was computed.</param>
/// <param name="Summary">Totals over every ward.</param>
/// <param name="GaOpen">Open G&amp;A beds (wards of type GA and Assessment; open escalation beds included).</param>
/// <param name="GaOccupied">Occupied G&amp;A beds.</param>
/// <param name="GaOccupancy">G&amp;A occupied ÷ open, a proportion; null with no open beds.</param>
/// <param name="OccupancyThreshold">The threshold compared against (0.92).</param>
/// <param name="OverThreshold">Whether G&amp;A occupancy is over the threshold.</param>
/// <param name="BaseWardDischargesToday">Today's discharges from base (GA) wards, local date.</param>
/// <param name="BaseWardDischargesBeforeNoon">Of those, before noon local time.</param>
/// <param name="DischargesBeforeNoonShare">Before noon ÷ today's, null with none.</param>
/// <param name="NoCriteriaToResideShare">NCtR patients ÷ occupied beds.</param>
/// <param name="EscalationShare">Open escalation beds ÷ open beds.</param>
/// <param name="DataQualityIssues">Events of this site live state kept but could not fully use.</param>
/// <param name="Wards">Every ward, reference order first, then wards only the feeds know.</param>
public sealed record BedBoardView(string Site, DateTimeOffset AsOf, BedCounts Summary, int GaOpen, int GaOccupied, double? GaOccupancy,
    double OccupancyThreshold, bool OverThreshold, int BaseWardDischargesToday, int BaseWardDischargesBeforeNoon, double? DischargesBeforeNoonShare,
    double? NoCriteriaToResideShare, double? EscalationShare, int DataQualityIssues, IReadOnlyList<WardView> Wards)
{
    /// <summary>The status shown for an escalation bed that is not open.</summary>
    public const string Closed = "closed";
}

/// <summary>One ward.</summary>
/// <param name="Code">The ward's code.</param>
/// <param name="Name">Its name (the code when reference data does not know it).</param>
/// <param name="Type"><c>ga</c>, <c>assessment</c>, <c>criticalcare</c>, <c>maternity</c> or <c>unknown</c>.</param>
/// <param name="GeneralAndAcute">Whether it counts towards G&amp;A occupancy.</param>
/// <param name="Known">Whether reference data knows it.</param>
/// <param name="Summary">Its figures.</param>
/// <param name="Beds">Its beds.</param>
public sealed record WardView(string Code, string Name, string Type, bool GeneralAndAcute, bool Known, BedCounts Summary, IReadOnlyList<BedView> Beds);

/// <summary>One bed.</summary>
/// <param name="Code">The bed's code.</param>
/// <param name="Status"><c>occupied</c>, <c>to_clean</c>, <c>cleaning</c>, <c>available</c>, <c>blocked</c>, <c>reserved</c> or <c>closed</c>.</param>
/// <param name="Since">When it took that status; null if no event has touched it.</param>
/// <param name="MinutesInStatus">Whole minutes since then.</param>
/// <param name="Escalation">Whether it is an escalation bed.</param>
/// <param name="Known">Whether reference data knows it.</param>
/// <param name="Reason">Why it is blocked, when given.</param>
/// <param name="PatientClass">The occupant's class (emergency, elective, daycase, ...).</param>
/// <param name="ExpectedDischarge">The occupant's expected discharge.</param>
/// <param name="DischargeStatus"><c>pending</c> or <c>confirmed</c> when a discharge is planned.</param>
/// <param name="LosDays">The occupant's length of stay in days.</param>
/// <param name="LosBand"><c>stranded</c> (7+), <c>super_stranded</c> (21+) or null.</param>
/// <param name="NoCriteriaToReside">Whether the occupant no longer meets the criteria to reside.</param>
/// <param name="DaysDelayed">Days since the Discharge Ready Date.</param>
public sealed record BedView(string Code, string Status, DateTimeOffset? Since, int? MinutesInStatus, bool Escalation, bool Known, string? Reason,
    string? PatientClass, DateTimeOffset? ExpectedDischarge, string? DischargeStatus, int? LosDays, string? LosBand, bool NoCriteriaToReside,
    int? DaysDelayed);

/// <summary>Bed figures of a ward or a site (DOMAIN.md §4).</summary>
/// <param name="Beds">Beds on the board, closed escalation beds included.</param>
/// <param name="Open">Beds in the occupancy denominator: all but closed (and blocked when the setting says so).</param>
/// <param name="Occupied">Occupied beds.</param>
/// <param name="Available">Available beds.</param>
/// <param name="Reserved">Reserved beds.</param>
/// <param name="ToClean">Beds waiting to be cleaned.</param>
/// <param name="Cleaning">Beds being cleaned.</param>
/// <param name="Blocked">Blocked beds.</param>
/// <param name="Closed">Closed escalation beds.</param>
/// <param name="FreeNow">Free now = available.</param>
/// <param name="Coming">To clean + cleaning: beds coming free.</param>
/// <param name="ConfirmedDischarges">Occupants with a confirmed discharge.</param>
/// <param name="PendingAdmissions">Patients owed a bed today (decision to admit, pre-admission) with none reserved.</param>
/// <param name="FreeAfterMoves">Free now + confirmed discharges − pending admissions.</param>
/// <param name="Occupancy">Occupied ÷ open; null with no open beds.</param>
/// <param name="EscalationOpen">Open escalation beds.</param>
/// <param name="Stranded">Occupants with LOS 7+ days (super-stranded included).</param>
/// <param name="SuperStranded">Occupants with LOS 21+ days.</param>
/// <param name="NoCriteriaToReside">Occupants with no criteria to reside.</param>
/// <param name="DischargesToday">Discharges today (local date).</param>
/// <param name="DischargesBeforeNoon">Of those, before noon local time.</param>
public sealed record BedCounts(int Beds, int Open, int Occupied, int Available, int Reserved, int ToClean, int Cleaning, int Blocked, int Closed,
    int FreeNow, int Coming, int ConfirmedDischarges, int PendingAdmissions, int FreeAfterMoves, double? Occupancy, int EscalationOpen,
    int Stranded, int SuperStranded, int NoCriteriaToReside, int DischargesToday, int DischargesBeforeNoon);
