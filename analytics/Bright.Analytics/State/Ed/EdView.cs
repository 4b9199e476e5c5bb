namespace Bright.Analytics.State.Ed;

/// <summary>The <c>ed:{site}</c> topic's data. Times are UTC; durations whole minutes; no subject keys.</summary>
/// <param name="Site">The site's code.</param>
/// <param name="AsOf">When the view was computed.</param>
/// <param name="FourHourMinutes">The 4-hour threshold used (240).</param>
/// <param name="AboutToBreachMinutes">How close to it counts as about to breach (30).</param>
/// <param name="TwelveHourMinutes">The 12-hour threshold used (720).</param>
/// <param name="Summary">The department's figures.</param>
/// <param name="Areas">Each area with the patients in it, longest wait first.</param>
/// <param name="Ambulances">Ambulances arrived and waiting, and handovers since midnight.</param>
public sealed record EdView(string Site, DateTimeOffset AsOf, int FourHourMinutes, int AboutToBreachMinutes, int TwelveHourMinutes, EdSummary Summary,
    IReadOnlyList<EdAreaView> Areas, AmbulanceSummary Ambulances);

/// <summary>The department's figures (DOMAIN.md §5).</summary>
/// <param name="InDepartment">Patients in the department now.</param>
/// <param name="Breached">Of those, past 4 hours.</param>
/// <param name="AboutToBreach">Of those, within the about-to-breach window of 4 hours.</param>
/// <param name="OverTwelveHours">Of those, past 12 hours from arrival.</param>
/// <param name="AwaitingAdmission">Of those, with a decision to admit.</param>
/// <param name="LongestDecisionToAdmitMinutes">The longest wait since a decision to admit, among those present.</param>
/// <param name="DecisionToAdmitOverTwelveHours">Patients present more than 12 hours after a decision to admit (trolley waits).</param>
/// <param name="MedianTimeToTreatmentMinutes">Median of seen − arrival over patients seen since 00:00 local.</param>
/// <param name="ArrivalsToday">Patients arriving since 00:00 local.</param>
/// <param name="BreachesToday">Of those, departed after more than 4 hours or still present past 4 hours.</param>
/// <param name="FourHourPerformance">1 − breaches ÷ arrivals since 00:00 (proportion); null with no arrivals.</param>
/// <param name="OverTwelveHoursShare">Of patients present or departed since 00:00, the share with more than 12 hours in the department.</param>
/// <param name="MajorsResusPatients">Patients in majors and resus areas.</param>
/// <param name="MajorsResusSpaces">Spaces in those areas.</param>
/// <param name="MajorsResusOccupancy">Patients ÷ spaces (may exceed 1); null with no spaces.</param>
/// <param name="DataQualityIssues">Events of this site live state kept but could not fully use.</param>
public sealed record EdSummary(int InDepartment, int Breached, int AboutToBreach, int OverTwelveHours, int AwaitingAdmission,
    int? LongestDecisionToAdmitMinutes, int DecisionToAdmitOverTwelveHours, double? MedianTimeToTreatmentMinutes, int ArrivalsToday, int BreachesToday,
    double? FourHourPerformance, double? OverTwelveHoursShare, int MajorsResusPatients, int MajorsResusSpaces, double? MajorsResusOccupancy,
    int DataQualityIssues);

/// <summary>One ED area.</summary>
/// <param name="Code">The area's code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Spaces">Its spaces (0 when reference data does not know it).</param>
/// <param name="Majors">Whether it counts as majors or resus.</param>
/// <param name="Known">Whether reference data knows it.</param>
/// <param name="Patients">Patients in it, earliest arrival first.</param>
public sealed record EdAreaView(string Code, string Name, int Spaces, bool Majors, bool Known, IReadOnlyList<EdPatientView> Patients);

/// <summary>One patient in the department, identified only by place and times.</summary>
/// <param name="ArrivedAt">Arrival (the clock start).</param>
/// <param name="MinutesInDepartment">Whole minutes since arrival.</param>
/// <param name="Acuity">Triage acuity 1-5 when known.</param>
/// <param name="Triaged">Whether initial assessment is done.</param>
/// <param name="Seen">Whether a decision-making clinician has seen them.</param>
/// <param name="MinutesToTreatment">Seen − arrival, when seen.</param>
/// <param name="DecisionToAdmitAt">The decision to admit, if made.</param>
/// <param name="MinutesSinceDecisionToAdmit">Whole minutes since it.</param>
/// <param name="Breached">Past 4 hours.</param>
/// <param name="AboutToBreach">Within the about-to-breach window.</param>
/// <param name="OverTwelveHours">Past 12 hours.</param>
public sealed record EdPatientView(DateTimeOffset ArrivedAt, int MinutesInDepartment, int? Acuity, bool Triaged, bool Seen, int? MinutesToTreatment,
    DateTimeOffset? DecisionToAdmitAt, int? MinutesSinceDecisionToAdmit, bool Breached, bool AboutToBreach, bool OverTwelveHours);

/// <summary>Ambulances: arrived, waiting, and handovers since midnight (DOMAIN.md §5).</summary>
/// <param name="ArrivalsToday">Ambulances arrived since 00:00 local.</param>
/// <param name="Waiting">Ambulances arrived and not yet handed over.</param>
/// <param name="Bands">For each band, waiting ambulances past it and handovers since 00:00 that took longer.</param>
/// <param name="HandoversToday">Handovers completed since 00:00 local.</param>
/// <param name="MeanHandoverMinutes">Their mean handover time H.</param>
/// <param name="WithinTargetShare">Their share within 15 minutes.</param>
/// <param name="TimeLostMinutes">Σ max(0, H − 15) over them.</param>
/// <param name="WaitingTimeLostMinutes">The same over the clocks of ambulances still waiting.</param>
/// <param name="Queue">Waiting ambulances in arrival order (longest wait first).</param>
public sealed record AmbulanceSummary(int ArrivalsToday, int Waiting, IReadOnlyList<HandoverBand> Bands, int HandoversToday, double? MeanHandoverMinutes,
    double? WithinTargetShare, double TimeLostMinutes, int WaitingTimeLostMinutes, IReadOnlyList<AmbulanceView> Queue);

/// <summary>A handover band.</summary>
/// <param name="OverMinutes">The band's threshold.</param>
/// <param name="Waiting">Ambulances waiting longer than it now.</param>
/// <param name="HandoversToday">Handovers since 00:00 that took longer than it.</param>
public sealed record HandoverBand(int OverMinutes, int Waiting, int HandoversToday);

/// <summary>One ambulance waiting to hand over.</summary>
/// <param name="ArrivedAt">Its arrival at the ED.</param>
/// <param name="Area">The area it arrived to.</param>
/// <param name="MinutesWaiting">The handover clock, whole minutes.</param>
/// <param name="Band">The highest band it has passed, or null within the first.</param>
public sealed record AmbulanceView(DateTimeOffset ArrivedAt, string Area, int MinutesWaiting, int? Band);
