// The per-site tiles of the command centre: one row per site, each site's topic applied in place.
import type { BedBoardPayload, EdPayload, TheatresPayload } from "../shared/contract";
import { escapeHtml, formatNumber, formatPercent } from "../shared/format";
import type { LiveClient } from "../shared/live";
import { applyDelta } from "../shared/rows";
import { Tile } from "../shared/tile";

abstract class SiteTile<T extends { site: string; asOf: string; removed?: string[] }> extends Tile {
  protected readonly sites = new Map<string, T>();

  constructor(element: HTMLElement, title: string, live: LiveClient, topics: string[], private readonly rows: "wards" | "areas" | "rooms") {
    super(element, title, live, 180);
    for (const topic of topics) {
      live.subscribe<T>(topic, {
        snapshot: (d) => this.update(() => this.sites.set(d.site, d), d),
        delta: (d) => this.update(() => {
          const state = this.sites.get(d.site);
          if (state) applyDelta(state as never, d as never, this.rows as never);
        }, d),
        refused: (m) => this.refused(m),
      });
    }
  }

  private update(apply: () => void, d: T): void {
    apply();
    this.touched();
    this.body.innerHTML = this.table([...this.sites.values()]);
    void d;
  }

  protected abstract table(sites: T[]): string;
}

const n = (v: number | null): string => (v === null ? "–" : formatNumber(v));

export class BedsTile extends SiteTile<BedBoardPayload> {
  constructor(element: HTMLElement, live: LiveClient, topics: string[], title = "Beds") {
    super(element, title, live, topics, "wards");
  }

  protected table(sites: BedBoardPayload[]): string {
    return `<table><thead><tr><th>Site</th><th class="num">Free now</th><th class="num">After moves</th><th class="num">G&amp;A occupancy</th>
      <th class="num">To clean</th><th class="num">Stranded</th><th class="num">Super-stranded</th></tr></thead><tbody>${sites.map((s) => `
      <tr data-site="${escapeHtml(s.site)}"><th>${escapeHtml(s.site)}</th>
      <td class="num big-cell" data-testid="free-now">${n(s.summary.freeNow)}</td>
      <td class="num" data-testid="free-after-moves">${n(s.summary.freeAfterMoves)}</td>
      <td class="num ${s.overThreshold ? "warn" : ""}">${formatPercent(s.gaOccupancy)}${s.overThreshold ? " ▲" : ""}</td>
      <td class="num">${n(s.summary.toClean + s.summary.cleaning)}</td>
      <td class="num">${n(s.summary.stranded)}</td><td class="num">${n(s.summary.superStranded)}</td></tr>`).join("")}</tbody></table>`;
  }
}

export class EdTile extends SiteTile<EdPayload> {
  constructor(element: HTMLElement, live: LiveClient, topics: string[], title = "Emergency departments") {
    super(element, title, live, topics, "areas");
  }

  protected table(sites: EdPayload[]): string {
    return `<table><thead><tr><th>Site</th><th class="num">In dept</th><th class="num">4 h today</th><th class="num">Breached</th>
      <th class="num">&gt;12 h</th><th class="num">Awaiting bed</th><th class="num">Ambulances waiting</th><th class="num">Handover mean</th>
      <th class="num">Hours lost</th></tr></thead><tbody>${sites.map((s) => `
      <tr data-site="${escapeHtml(s.site)}"><th>${escapeHtml(s.site)}</th>
      <td class="num big-cell" data-testid="in-department">${n(s.summary.inDepartment)}</td>
      <td class="num">${formatPercent(s.summary.fourHourPerformance)}</td>
      <td class="num ${s.summary.breached > 0 ? "warn" : ""}">${n(s.summary.breached)}</td>
      <td class="num ${s.summary.overTwelveHours > 0 ? "bad" : ""}">${n(s.summary.overTwelveHours)}${s.summary.overTwelveHours > 0 ? " ▲" : ""}</td>
      <td class="num">${n(s.summary.awaitingAdmission)}</td>
      <td class="num ${s.ambulances.waiting > 0 ? "warn" : ""}" data-testid="ambulances-waiting">${n(s.ambulances.waiting)}</td>
      <td class="num">${s.ambulances.meanHandoverMinutes === null ? "–" : `${Math.round(s.ambulances.meanHandoverMinutes)} min`}</td>
      <td class="num">${(s.ambulances.timeLostMinutes / 60).toFixed(1)}</td></tr>`).join("")}</tbody></table>`;
  }
}

export class TheatresTile extends SiteTile<TheatresPayload> {
  constructor(element: HTMLElement, live: LiveClient, topics: string[], title = "Theatres today") {
    super(element, title, live, topics, "rooms");
  }

  protected table(sites: TheatresPayload[]): string {
    return `<table><thead><tr><th>Site</th><th class="num">Running</th><th class="num">Overrunning</th><th class="num">Ready to clean</th>
      <th class="num">Utilisation</th><th class="num">Cases</th><th class="num">Late starts</th></tr></thead><tbody>${sites.map((s) => {
      const running = s.rooms.filter((r) => r.status === "in_use").length;
      const over = s.rooms.filter((r) => r.overrunning).length;
      return `<tr data-site="${escapeHtml(s.site)}"><th>${escapeHtml(s.site)}</th>
      <td class="num big-cell" data-testid="running">${running}</td>
      <td class="num ${over > 0 ? "warn" : ""}" data-testid="overrunning">${over}${over > 0 ? " ▲" : ""}</td>
      <td class="num ${s.summary.roomsReadyToClean > 0 ? "callout" : ""}" data-testid="ready-to-clean">${s.summary.roomsReadyToClean}</td>
      <td class="num">${formatPercent(s.summary.cappedUtilisation)}</td>
      <td class="num">${s.summary.casesDone}/${s.summary.casesPlanned}</td><td class="num">${s.summary.lateStarts}</td></tr>`;
    }).join("")}</tbody></table>`;
  }
}
