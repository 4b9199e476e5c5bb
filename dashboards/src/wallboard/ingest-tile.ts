// The feeds tile: per source and site, today's accepted and rejected events, last event times, lag and a
// freshness badge that goes stale when a feed stops.
import type { IngestPayload, IngestRow } from "../shared/contract";
import { escapeHtml, formatDuration, formatInstant, formatNumber, freshness } from "../shared/format";
import { everySecond } from "../shared/page";

export class IngestTile {
  private readonly rows = new Map<string, IngestRow>();
  private day = "";

  constructor(private readonly element: HTMLElement) {
    element.classList.add("tile");
    everySecond(() => this.render()); // freshness ages even when nothing arrives
  }

  snapshot(data: IngestPayload): void {
    this.rows.clear();
    this.apply(data);
  }

  delta(data: IngestPayload): void {
    this.apply(data);
  }

  private apply(data: IngestPayload): void {
    this.day = data.day;
    for (const row of data.rows) this.rows.set(`${row.source}|${row.site}`, row);
    this.render();
  }

  private render(): void {
    const now = new Date();
    const rows = [...this.rows.values()].sort((a, b) => a.source.localeCompare(b.source) || a.site.localeCompare(b.site));
    const accepted = rows.reduce((n, r) => n + r.acceptedToday, 0);
    const rejected = rows.reduce((n, r) => n + r.rejectedToday, 0);
    const newest = rows.map((r) => r.lastReceivedAt).filter((t): t is string => t !== null).sort().at(-1) ?? null;
    const overall = freshness(newest, now);
    this.element.innerHTML = `
      <header class="tile-head">
        <h2>Feeds today <small>${escapeHtml(this.day)}</small></h2>
        <span class="badge ${overall}" data-testid="freshness">${overall === "none" ? "no data" : overall}</span>
      </header>
      <div class="totals">
        <div><span class="big" data-testid="accepted-total">${formatNumber(accepted)}</span><label>accepted</label></div>
        <div><span class="big ${rejected > 0 ? "warn" : ""}" data-testid="rejected-total">${formatNumber(rejected)}</span><label>rejected</label></div>
      </div>
      <table>
        <thead><tr><th>Source</th><th>Site</th><th class="num">Accepted</th><th class="num">Rejected</th>
          <th>Last event</th><th>Last received</th><th class="num">Lag</th><th>Status</th></tr></thead>
        <tbody>${rows.map((r) => this.row(r, now)).join("")}</tbody>
      </table>`;
  }

  private row(r: IngestRow, now: Date): string {
    const state = freshness(r.lastReceivedAt, now);
    return `<tr data-source="${escapeHtml(r.source)}" data-site="${escapeHtml(r.site)}">
      <td>${escapeHtml(r.source)}</td><td>${escapeHtml(r.site)}</td>
      <td class="num" data-testid="accepted">${formatNumber(r.acceptedToday)}</td>
      <td class="num ${r.rejectedToday > 0 ? "warn" : ""}">${formatNumber(r.rejectedToday)}</td>
      <td>${formatInstant(r.lastOccurredAt, now)}</td><td>${formatInstant(r.lastReceivedAt, now)}</td>
      <td class="num">${formatDuration(r.lagSeconds)}</td>
      <td><span class="badge ${state}">${state === "none" ? "–" : state}</span></td></tr>`;
  }
}
