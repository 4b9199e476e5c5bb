namespace Bright.Core.Events;

/// <summary>
/// What a <see cref="HospitalEvent"/> records. Names follow DESIGN.md's canonical event and DOMAIN.md's
/// words; the wire form (JSON, the store's <c>kind</c> column) is the member name.
/// </summary>
public enum EventKind
{
    /// <summary>A patient is admitted to a bed (HL7 A01). Location is the bed.</summary>
    Admission,

    /// <summary>A patient moves bed or ward (HL7 A02). Location is the new bed; attribute <c>from</c> the old one.</summary>
    Transfer,

    /// <summary>A patient leaves hospital (HL7 A03). Location is the bed vacated.</summary>
    Discharge,

    /// <summary>A bed's status changes; <see cref="HospitalEvent.Code"/> is one of <see cref="BedStatus"/>.</summary>
    BedStatusChanged,

    /// <summary>An ED attendance starts: the four-hour clock starts.</summary>
    EdArrival,

    /// <summary>Initial assessment in the ED.</summary>
    EdTriage,

    /// <summary>Seen by a decision-making clinician: treatment starts.</summary>
    EdSeenByClinician,

    /// <summary>A decision to admit has been made in the ED.</summary>
    EdDecisionToAdmit,

    /// <summary>The patient leaves the ED (admitted, transferred or discharged): the clock stops.</summary>
    EdDeparture,

    /// <summary>An ambulance arrives at the ED: the handover clock starts.</summary>
    AmbulanceArrival,

    /// <summary>Clinical handover from the ambulance crew is complete.</summary>
    AmbulanceHandover,

    /// <summary>A theatre list (session) is planned; Value is its planned length in minutes.</summary>
    TheatreListPlanned,

    /// <summary>A case is scheduled on a theatre list; Value is its planned duration in minutes.</summary>
    CaseScheduled,

    /// <summary>A theatre milestone for a case; <see cref="HospitalEvent.Code"/> names it (DOMAIN.md §6).</summary>
    TheatreMilestone,

    /// <summary>A scheduled case is cancelled; Code gives the reason (clinical, non_clinical_on_day, ...).</summary>
    CaseCancelled,

    /// <summary>A diagnostic test is requested (HL7 ORM).</summary>
    DiagnosticRequested,

    /// <summary>A diagnostic test is reported (HL7 ORU).</summary>
    DiagnosticReported,

    /// <summary>A staffing level is reported for a ward or area; Value is staff on duty, attribute <c>planned</c> the plan.</summary>
    StaffingLevel,

    /// <summary>A planned admission is booked (HL7 A05): bed demand to come.</summary>
    PreAdmission,

    /// <summary>Patient or visit details change without a move (HL7 A08).</summary>
    PatientUpdated,

    /// <summary>An earlier admission is cancelled (HL7 A11); attribute <c>cancels</c> names its event.</summary>
    AdmissionCancelled,

    /// <summary>An earlier transfer is cancelled (HL7 A12); attribute <c>cancels</c> names its event.</summary>
    TransferCancelled,

    /// <summary>An earlier discharge is cancelled (HL7 A13); attribute <c>cancels</c> names its event.</summary>
    DischargeCancelled,

    /// <summary>Two patients swap beds atomically (HL7 A17); attribute <c>otherSubject</c> and <c>otherLocation</c>.</summary>
    BedSwap,

    /// <summary>
    /// A discharge is expected or confirmed; Code is <c>pending</c> or <c>confirmed</c>, attribute
    /// <c>expectedAt</c> the expected time.
    /// </summary>
    DischargePlanned,

    /// <summary>
    /// A patient stops (Code <c>no</c>) or again meets (Code <c>yes</c>) the criteria to reside; attribute
    /// <c>dischargeReadyDate</c> and <c>pathway</c>.
    /// </summary>
    CriteriaToResideChanged,

    /// <summary>
    /// A measurement of a KPI sent by a source system (a FHIR Observation coded with the KPI's id);
    /// <see cref="HospitalEvent.Code"/> is the KPI id and <see cref="HospitalEvent.Value"/> the value in its unit.
    /// </summary>
    KpiMeasurement,
}
