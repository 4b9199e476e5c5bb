// Payload types of BRIGHT's HTTP API and hub, mirroring the server (DESIGN.md, "Public interfaces").

/** One source and site's ingest figures for today (topic `ingest`). */
export interface IngestRow {
  source: string;
  site: string;
  acceptedToday: number;
  rejectedToday: number;
  lastOccurredAt: string | null;
  lastReceivedAt: string | null;
  lagSeconds: number | null;
}

/** Data of the `ingest` topic: every row in a snapshot, the changed rows in a delta. */
export interface IngestPayload {
  day: string;
  rows: IngestRow[];
}

/** A dashboard the signed-in token may open (`GET /api/dashboards`). */
export interface DashboardInfo {
  id: string;
  title: string;
  description: string;
  topics: string[];
}

export interface DashboardList {
  role: string;
  sites: string[];
  dashboards: DashboardInfo[];
}

// ---- Live operational state (topics beds:{site}, ed:{site}, theatres:{site}, opel, alerts; GET /api/beds|ed|theatres|opel|alerts).
// Times are ISO 8601 UTC; proportions 0-1; durations whole minutes. Deltas of the site topics have the snapshot's shape with only the
// rows (wards / areas / rooms) that changed, replaced by `code`, and `removed` lists row codes to drop (empty in snapshots).

export interface BedCounts {
  beds: number; open: number; occupied: number; available: number; reserved: number; toClean: number; cleaning: number;
  blocked: number; closed: number; freeNow: number; coming: number; confirmedDischarges: number; pendingAdmissions: number;
  freeAfterMoves: number; occupancy: number | null; escalationOpen: number; stranded: number; superStranded: number;
  noCriteriaToReside: number; dischargesToday: number; dischargesBeforeNoon: number;
}
export interface BedView {
  code: string;
  status: 'occupied' | 'to_clean' | 'cleaning' | 'available' | 'blocked' | 'reserved' | 'closed';
  since: string | null; minutesInStatus: number | null; escalation: boolean; known: boolean; reason: string | null;
  patientClass: string | null; expectedDischarge: string | null; dischargeStatus: 'pending' | 'confirmed' | null;
  losDays: number | null; losBand: 'stranded' | 'super_stranded' | null; noCriteriaToReside: boolean; daysDelayed: number | null;
}
export interface WardView {
  code: string; name: string; type: 'ga' | 'assessment' | 'criticalcare' | 'maternity' | 'unknown';
  generalAndAcute: boolean; known: boolean; summary: BedCounts; beds: BedView[];
}
export interface BedBoardPayload {
  site: string; asOf: string; summary: BedCounts; gaOpen: number; gaOccupied: number; gaOccupancy: number | null;
  occupancyThreshold: number; overThreshold: boolean; baseWardDischargesToday: number; baseWardDischargesBeforeNoon: number;
  dischargesBeforeNoonShare: number | null; noCriteriaToResideShare: number | null; escalationShare: number | null;
  dataQualityIssues: number; wards: WardView[]; removed?: string[];
}

export interface EdPatientView {
  arrivedAt: string; minutesInDepartment: number; acuity: number | null; triaged: boolean; seen: boolean;
  minutesToTreatment: number | null; decisionToAdmitAt: string | null; minutesSinceDecisionToAdmit: number | null;
  breached: boolean; aboutToBreach: boolean; overTwelveHours: boolean;
}
export interface EdAreaView { code: string; name: string; spaces: number; majors: boolean; known: boolean; patients: EdPatientView[] }
export interface EdSummary {
  inDepartment: number; breached: number; aboutToBreach: number; overTwelveHours: number; awaitingAdmission: number;
  longestDecisionToAdmitMinutes: number | null; decisionToAdmitOverTwelveHours: number; medianTimeToTreatmentMinutes: number | null;
  arrivalsToday: number; breachesToday: number; fourHourPerformance: number | null; overTwelveHoursShare: number | null;
  majorsResusPatients: number; majorsResusSpaces: number; majorsResusOccupancy: number | null; dataQualityIssues: number;
}
export interface AmbulanceView { arrivedAt: string; area: string; minutesWaiting: number; band: number | null }
export interface AmbulanceSummary {
  arrivalsToday: number; waiting: number; bands: { overMinutes: number; waiting: number; handoversToday: number }[];
  handoversToday: number; meanHandoverMinutes: number | null; withinTargetShare: number | null; timeLostMinutes: number;
  waitingTimeLostMinutes: number; queue: AmbulanceView[];
}
export interface EdPayload {
  site: string; asOf: string; fourHourMinutes: number; aboutToBreachMinutes: number; twelveHourMinutes: number;
  summary: EdSummary; areas: EdAreaView[]; ambulances: AmbulanceSummary; removed?: string[];
}

export interface ListMetrics {
  plannedMinutes: number; cappedTouchMinutes: number; uncappedTouchMinutes: number; cappedUtilisation: number | null;
  uncappedUtilisation: number | null; lateStartMinutes: number | null; lateStart: boolean; earlyFinishMinutes: number | null;
  earlyFinish: boolean; overrunMinutes: number | null; turnaroundMinutes: number[]; casesPlanned: number; casesDone: number;
  cancelledOnTheDay: number;
}
export interface CaseView {
  position: number; procedure: string | null; plannedStart: string | null; plannedMinutes: number | null; patientClass: string | null;
  scheduled: boolean; state: 'scheduled' | 'in_progress' | 'done' | 'cancelled'; milestone: string | null; milestoneAt: string | null;
  cancelReason: string | null; cancelledAt: string | null;
}
export interface SessionView {
  listId: string; session: string | null; specialty: string | null; start: string; end: string; metrics: ListMetrics; cases: CaseView[];
}
export interface RoomView {
  code: string; name: string; known: boolean;
  status: 'ready' | 'in_use' | 'prepare_to_clean' | 'ready_to_clean' | 'cleaning' | null;
  statusSince: string | null; minutesInStatus: number | null; currentListId: string | null; currentCase: CaseView | null;
  currentMilestone: string | null; milestoneAt: string | null; minutesInMilestone: number | null; plannedFinish: string | null;
  expectedFinish: string | null; overrunning: boolean; overrunMinutes: number | null; sessions: SessionView[]; unscheduledCases: CaseView[];
}
export interface TheatreDaySummary {
  lists: number; plannedMinutes: number; cappedTouchMinutes: number; uncappedTouchMinutes: number; cappedUtilisation: number | null;
  uncappedUtilisation: number | null; utilisationBenchmark: number; lateStarts: number; earlyFinishes: number; turnarounds: number;
  turnaroundMinutes: number; meanTurnaroundMinutes: number | null; casesPlanned: number; casesDone: number; cancelledOnTheDay: number;
  cancellationReasons: { reason: string; count: number }[]; casesPerSession: number | null; roomsReadyToClean: number; dataQualityIssues: number;
}
export interface TheatresPayload { site: string; date: string; asOf: string; summary: TheatreDaySummary; rooms: RoomView[]; removed?: string[] }

export interface OpelParameterValue {
  id: string; definition: string; unit: 'minutes' | 'proportion'; value: number | null; at: string; level: 1 | 2 | 3 | 4 | null; weight: number;
}
export interface OpelSiteScore { site: string; weight: number; parameters: OpelParameterValue[]; score: number | null; level: 1 | 2 | 3 | 4 | null }
export interface OpelPayload {
  asOf: string; version: string; label: string; source: string; sites: OpelSiteScore[]; trustScore: number | null; trustLevel: 1 | 2 | 3 | 4 | null;
}

export interface Alert {
  id: string; rule: string; severity: 'critical' | 'warning' | 'info'; site: string; location: string; message: string;
  raisedAt: string; acknowledgedAt: string | null; acknowledgedBy: string | null;
}
export interface AlertsSnapshot { asOf: string; alerts: Alert[] }
export interface AlertsDelta { asOf: string; raised: Alert[]; resolved: string[] }
