// Demand against capacity for the wallboard and the bed board: per site, the coming days' expected G&A beds free
// (beds open now, escalation beds included, − forecast occupied at midnight; negative is a shortfall), the probability
// of running out and the electives already booked. Without live bed state the reference core beds stand in, so labelled.
import type { CapacityTilePayload } from "./contract";
import { escapeHtml, formatNumber, formatPercent } from "./format";
import type { LiveClient } from "./live";
import { Tile } from "./tile";

const day = (iso: string): string =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", timeZone: "UTC" });

const beds = (s: CapacityTilePayload): string => s.capacitySource === "live_open_beds"
  ? `${formatNumber(s.bedCapacity ?? 0)} G&amp;A beds open${s.escalationOpen ? ` (${formatNumber(s.escalationOpen)} escalation)` : ""}`
  : `${formatNumber(s.bedCapacity ?? s.gaBeds)} G&amp;A core beds (reference)`;

export function capacityTable(sites: CapacityTilePayload[]): string {
  return sites.map((s) => s.days.length === 0
    ? `<p class="message" data-site="${escapeHtml(s.site)}">${escapeHtml(s.site)}: ${escapeHtml(s.unavailable ?? "no forecast yet")}</p>`
    : `<table data-site="${escapeHtml(s.site)}"><thead><tr><th data-testid="bed-capacity">${escapeHtml(s.site)} · ${beds(s)}</th>${s.days
        .map((d) => `<th class="num">${escapeHtml(day(d.date))}</th>`).join("")}</tr></thead><tbody>
      <tr><th>Expected free</th>${s.days.map((d) => `<td class="num ${d.expectedGap < 0 ? "warn" : ""}" data-testid="expected-gap">${formatNumber(Math.round(d.expectedGap))}</td>`).join("")}</tr>
      <tr><th>Electives booked</th>${s.days.map((d) => `<td class="num" data-testid="booked-electives">${formatNumber(d.bookedElectives ?? 0)}</td>`).join("")}</tr>
      <tr><th>P(full)</th>${s.days.map((d) => `<td class="num ${d.probabilityOverCapacity >= 0.5 ? "warn" : ""}" data-testid="probability-full">${formatPercent(d.probabilityOverCapacity)}</td>`).join("")}</tr>
      </tbody></table><p class="note">${escapeHtml(s.model === "arrivals_x_los" ? "arrivals × length of stay" : `${s.model ?? ""} (baseline)`)}</p>`).join("");
}

export class CapacityTile extends Tile {
  private readonly sites = new Map<string, CapacityTilePayload>();

  constructor(element: HTMLElement, live: LiveClient, topics: string[], title = "Beds: demand against capacity") {
    // Recomputed hourly: stale after two hours without news.
    super(element, title, live, 7200);
    for (const topic of topics) {
      const apply = (d: CapacityTilePayload): void => {
        this.sites.set(d.site, d);
        this.touched(d.computedAt ? new Date(d.computedAt) : null);
        this.body.innerHTML = capacityTable([...this.sites.values()]);
      };
      live.subscribe<CapacityTilePayload>(topic, { snapshot: apply, delta: apply, refused: (m) => this.refused(m) });
    }
  }
}
