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
