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
  dashboards: (DashboardInfo & { scope: string; audience: string | null; builtIn: boolean; owner: string; editable: boolean; layout: string })[];
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
  code: string; name: string; type: 'ga' | 'assessment' | 'criticalcare' | 'maternity' | 'daycase' | 'unknown';
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
  /** The 28-day rule for on-the-day cancellations; today's board only. */
  rebooking?: TheatreRebooking | null;
}
export interface TheatreRebooking {
  windowDays: number; rebookedWithin28Days: number; open: number; breaches: number;
  cancellations: {
    procedure: string; room: string; cancelledOn: string; reason: string | null; deadline: string; rebookedFor: string | null;
    status: 'rebooked' | 'open' | 'breach'; daysRemaining: number | null;
  }[];
}
export interface TheatresPayload { site: string; date: string; asOf: string; summary: TheatreDaySummary; rooms: RoomView[]; removed?: string[] }

export interface OpelParameterValue {
  id: string; definition: string; unit: 'minutes' | 'proportion'; value: number | null; at: string; level: 1 | 2 | 3 | 4 | null; weight: number;
}
export interface OpelSiteScore { site: string; weight: number; parameters: OpelParameterValue[]; score: number | null; level: 1 | 2 | 3 | 4 | null }
export interface OpelPayload {
  asOf: string; version: string; label: string; source: string; sites: OpelSiteScore[]; trustScore: number | null; trustLevel: 1 | 2 | 3 | 4 | null;
  /** The local date the OPEL table version in use took effect. */
  effectiveFrom?: string | null;
}

export interface Alert {
  id: string; rule: string; severity: 'critical' | 'warning' | 'info'; site: string; location: string; message: string;
  raisedAt: string; acknowledgedAt: string | null; acknowledgedBy: string | null;
  /** The rule's name as a person reads it; its audience (empty: everyone); the subject's owner and contact (KPIs, feeds). */
  ruleName: string | null; roles: string[]; sites: string[]; owner: string | null; contact: string | null;
}
export interface AlertsSnapshot { asOf: string; alerts: Alert[] }
export interface AlertsDelta { asOf: string; raised: Alert[]; resolved: string[] }

// ---- KPIs (topic kpi:{id}; GET /api/kpis, /api/kpis/{id}/spc).
export type Variation = 'common_cause' | 'improvement_high' | 'improvement_low' | 'concern_high' | 'concern_low' | 'neutral_high' | 'neutral_low';
export type Assurance = 'pass' | 'fail' | 'inconsistent';
export type PointType = 'common_cause' | 'special_cause_improvement' | 'special_cause_concern' | 'special_cause_neutral_high' | 'special_cause_neutral_low';
export interface KpiTilePayload {
  kpiId: string; name: string | null; unit: string | null; computedAt: string | null; latestPeriod: string | null; latestValue: number | null;
  variation: Variation | null; assurance: Assurance | null; target: number | null; narrative: string;
  sparkline: { date: string; value: number; pointType: PointType }[];
  owner: string | null;
}
export interface KpiTarget { kind: string; comparator: string; value: number; effectiveFrom: string; effectiveTo: string | null; source: string }
export interface KpiBenchmark { label: string | null; value: number | null; lower: number | null; upper: number | null; source?: string | null }
export interface KpiEntry {
  id: string; name: string; domain: string; owner: string; description: string | null; unit: string; improvementDirection: string;
  chart: string; frequency: string; target: KpiTarget | null; benchmark: KpiBenchmark | null;
}
export interface SpcPoint {
  date: string; value: number; mean: number | null; lpl: number | null; upl: number | null; pointType: PointType; rules: string[];
}
export interface KpiSpcReport {
  kpi: { id: string; name: string; unit: string; improvementDirection: string; frequency: string };
  computedAt: string; target: KpiTarget | null; constitutionalStandard: KpiTarget | null; benchmark: KpiBenchmark | null;
  points: SpcPoint[]; variation: Variation | null; assurance: Assurance | null; narrative: string; warnings: string[];
}

// ---- Forecasts (GET /api/forecasts/{series}?horizon=48h).
export interface ForecastPoint { time: string; mean: number; lower80: number; upper80: number; lower95: number; upper95: number }
export interface Forecast { points: ForecastPoint[]; model: string; trainedAt: string; backtest: { mase: number | null; baseline: number | null } }

// ---- Dashboards as documents (GET/POST/PUT/DELETE /api/dashboards[/{id}]).
export type TileType = 'opel' | 'ed' | 'beds' | 'theatres' | 'alerts' | 'kpi' | 'ingest' | 'query' | 'forecast';
export interface TileSpec { type: TileType; title?: string | null; site?: string | null; kpi?: string | null; query?: number | null; series?: string | null }
export interface DashboardDocument {
  id?: string; title: string; description?: string; scope: 'personal' | 'function' | 'situation'; audience?: string | null;
  layout: 'tiles' | 'trackboard' | 'bedboard' | 'spc'; defaultFor?: string[];
  filters?: { sites?: string[] | null; specialty?: string | null }; tiles: TileSpec[];
}
export interface DashboardView extends DashboardDocument {
  id: string; topics: string[]; builtIn: boolean; owner: string; editable: boolean; updatedAt: string | null;
}
export interface DashboardDetail { dashboard: DashboardView; subscriptions: string[] }
export interface SavedQuery { id: number; name: string; description: string | null }
export interface QueryAnswer { columns: { name: string; type: string }[]; rows: unknown[][]; rowCount: number; truncated: boolean }

// capacity:{site}: the coming days' G&A beds at midnight against the beds open now, or the reference core beds when
// live state has none (capacitySource), with the electives booked per day (CapacityTopic.cs).
export interface CapacityTileDay {
  date: string; mean: number; capacity: number; expectedGap: number; probabilityOverCapacity: number; bookedElectives: number;
}
export interface CapacityTilePayload {
  site: string; computedAt: string | null; gaBeds: number; model: string | null; unavailable: string | null; days: CapacityTileDay[];
  bedCapacity: number | null; capacitySource: "live_open_beds" | "reference_core_beds" | null; escalationOpen: number | null;
}
