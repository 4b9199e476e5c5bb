// Tiles that read the HTTP API rather than the hub: a saved query's answer and a forecast. A kiosk token may not
// read the API, so on a wallboard they say so instead of failing quietly. Both refresh every five minutes.
import { getJson } from "../shared/auth";
import type { Forecast, QueryAnswer, SavedQuery } from "../shared/contract";
import { backtestText, escapeHtml, formatClock, formatNumber } from "../shared/format";
import { everySecond } from "../shared/page";
import { Tile } from "../shared/tile";

const refreshSeconds = 300;

abstract class ApiTile extends Tile {
  private age = refreshSeconds;

  constructor(element: HTMLElement, title: string, protected readonly token: string) {
    super(element, title, null, refreshSeconds * 2);
    everySecond(() => {
      if (++this.age < refreshSeconds) return;
      this.age = 0;
      void this.load().then(() => this.touched(), (e: Error) => this.failed(e.message));
    });
  }

  protected abstract load(): Promise<void>;

  protected failed(message: string): void {
    this.body.innerHTML = /role 'Wallboard'/.test(message)
      ? `<p class="muted">This tile reads the API, which a wallboard token may not; open the dashboard signed in to see it.</p>`
      : `<p class="message error">${escapeHtml(message)}</p>`;
  }
}

export class QueryTile extends ApiTile {
  constructor(element: HTMLElement, token: string, private readonly id: number, title: string) {
    super(element, title, token);
  }

  protected async load(): Promise<void> {
    const saved = await getJson<SavedQuery>(`/api/queries/${this.id}`, this.token);
    const response = await fetch(`/api/queries/${this.id}/run`, { method: "POST", headers: { Authorization: `Bearer ${this.token}`, Accept: "application/json" } });
    if (!response.ok) throw new Error(((await response.json()) as { detail?: string }).detail ?? `${response.status}`);
    const answer = (await response.json()) as QueryAnswer;
    const cell = (v: unknown): string => (typeof v === "number" ? formatNumber(v) : escapeHtml(String(v ?? "–")));
    this.body.innerHTML = `<p class="muted">${escapeHtml(saved.name)}</p><table><thead><tr>${answer.columns.map((c) => `<th>${escapeHtml(c.name)}</th>`).join("")}</tr></thead>
      <tbody>${answer.rows.slice(0, 12).map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`).join("")}</tbody></table>
      ${answer.rowCount > 12 ? `<p class="muted">${answer.rowCount} rows; first 12 shown</p>` : ""}`;
  }
}

export class ForecastTile extends ApiTile {
  constructor(element: HTMLElement, token: string, private readonly series: string, title: string) {
    super(element, title, token);
  }

  protected async load(): Promise<void> {
    const response = await fetch(`/api/forecasts/${encodeURIComponent(this.series)}?horizon=48h`, { headers: { Authorization: `Bearer ${this.token}` } });
    if (response.status === 404) {
      this.body.innerHTML = `<p class="muted" data-testid="no-forecast">No forecast yet for ${escapeHtml(this.series)}.</p>`;
      return;
    }
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const f = (await response.json()) as Forecast;
    const next = f.points.slice(0, 8);
    this.body.innerHTML = `<p class="muted">${escapeHtml(f.model)} · backtest ${backtestText(f)}</p>
      <table><thead><tr><th>Time</th><th class="num">Expected</th><th class="num">80% range</th></tr></thead><tbody>${next.map((p) => `
      <tr><td>${formatClock(p.time)}</td><td class="num">${p.mean.toFixed(0)}</td><td class="num">${p.lower80.toFixed(0)}–${p.upper80.toFixed(0)}</td></tr>`).join("")}</tbody></table>`;
  }
}
