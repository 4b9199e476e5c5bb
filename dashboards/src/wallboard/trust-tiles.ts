// Trust-wide tiles: OPEL, alerts and KPIs.
import type { Alert, AlertsDelta, AlertsSnapshot, KpiTilePayload, OpelPayload } from "../shared/contract";
import { escapeHtml, formatClock, formatUnit } from "../shared/format";
import type { LiveClient } from "../shared/live";
import { assuranceIcon, sparkline, variationIcon } from "../shared/mdc";
import { opelLook } from "../shared/status";
import { Tile } from "../shared/tile";

export class OpelTile extends Tile {
  constructor(element: HTMLElement, live: LiveClient, title = "OPEL") {
    super(element, title, live, 900);
    const show = (d: OpelPayload): void => this.render(d);
    live.subscribe<OpelPayload>("opel", { snapshot: show, delta: show, refused: (m) => this.refused(m) });
  }

  private render(d: OpelPayload): void {
    this.touched();
    const trust = opelLook(d.trustLevel);
    this.body.innerHTML = `<div class="opel">
      <div class="opel-trust ${trust.css}" data-testid="opel-trust"><span class="opel-level">${trust.label}</span><small>Trust · score ${d.trustScore?.toFixed(1) ?? "–"}</small></div>
      <ul class="opel-sites">${d.sites.map((s) => {
        const look = opelLook(s.level);
        return `<li class="${look.css}" data-site="${escapeHtml(s.site)}"><strong>${escapeHtml(s.site)}</strong><span>${look.label}</span></li>`;
      }).join("")}</ul></div><p class="muted small">${escapeHtml(d.label)} · ${escapeHtml(d.source)}</p>`;
  }
}

const severity: Record<Alert["severity"], { shape: string; rank: number }> = {
  critical: { shape: "▲", rank: 0 }, warning: { shape: "◆", rank: 1 }, info: { shape: "●", rank: 2 },
};

export class AlertsTile extends Tile {
  private readonly alerts = new Map<string, Alert>();

  constructor(element: HTMLElement, live: LiveClient, private readonly sites: string[] | null, title = "Alerts") {
    super(element, title, live, Number.POSITIVE_INFINITY);
    live.subscribe<AlertsSnapshot | AlertsDelta>("alerts", {
      snapshot: (d) => {
        this.alerts.clear();
        for (const a of (d as AlertsSnapshot).alerts) this.alerts.set(a.id, a);
        this.render();
      },
      delta: (d) => {
        const delta = d as AlertsDelta;
        for (const a of delta.raised) this.alerts.set(a.id, a);
        for (const id of delta.resolved) this.alerts.delete(id);
        this.render();
      },
      refused: (m) => this.refused(m),
    });
  }

  private render(): void {
    this.touched();
    const list = [...this.alerts.values()].filter((a) => !this.sites || a.site === "trust" || this.sites.includes(a.site))
      .sort((a, b) => severity[a.severity].rank - severity[b.severity].rank || b.raisedAt.localeCompare(a.raisedAt));
    this.body.innerHTML = list.length === 0
      ? `<p class="calm" data-testid="no-alerts">○ No active alerts</p>`
      : `<p class="muted"><span data-testid="alert-count">${list.length}</span> active</p><ul class="alerts">${list.slice(0, 12).map((a) => `
        <li class="alert ${a.severity}" data-alert="${escapeHtml(a.rule)}"><span class="sev">${severity[a.severity].shape} ${a.severity}</span>
        <span class="what">${escapeHtml(a.message)}</span><span class="where">${escapeHtml(a.site)} · ${formatClock(a.raisedAt)}${a.owner ? ` · for ${escapeHtml(a.owner)}${a.contact ? ` (${escapeHtml(a.contact)})` : ""}` : ""}${a.acknowledgedAt ? " · acknowledged" : ""}</span></li>`).join("")}</ul>
        ${list.length > 12 ? `<p class="muted">and ${list.length - 12} more</p>` : ""}`;
  }
}

export class KpiTile extends Tile {
  private readonly kpis = new Map<string, KpiTilePayload>();

  constructor(element: HTMLElement, live: LiveClient, topics: string[], title = "KPIs") {
    super(element, title, live, 3 * 3600);
    for (const topic of topics) {
      const show = (d: KpiTilePayload): void => {
        this.kpis.set(d.kpiId, d);
        this.render();
      };
      live.subscribe<KpiTilePayload>(topic, { snapshot: show, delta: show, refused: (m) => this.refused(m) });
    }
    if (topics.length === 0) this.body.innerHTML = `<p class="muted">No KPIs in the catalogue.</p>`;
  }

  private render(): void {
    const computed = [...this.kpis.values()].map((k) => k.computedAt).filter((t): t is string => t !== null).sort();
    this.touched(computed.length ? new Date(computed[0]!) : null);
    this.body.innerHTML = `<div class="kpis">${[...this.kpis.values()].sort((a, b) => (a.name ?? a.kpiId).localeCompare(b.name ?? b.kpiId)).map((k) => `
      <article class="kpi" data-kpi="${escapeHtml(k.kpiId)}">
        <h3>${escapeHtml(k.name ?? k.kpiId)}</h3>
        <div class="kpi-row"><span class="kpi-value">${formatUnit(k.latestValue, k.unit)}</span>
          <span class="icons">${variationIcon(k.variation, 44)}${assuranceIcon(k.assurance, 44)}</span></div>
        ${sparkline(k.sparkline)}
        <p class="narrative">${escapeHtml(k.narrative)}</p>
      </article>`).join("")}</div>`;
  }
}
