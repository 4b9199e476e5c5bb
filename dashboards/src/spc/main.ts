// Executive SPC view: /wallboard/executive. The matrix and list come from the kpi:{id} topics (so a kiosk shows
// them too); clicking a KPI opens its full MDC chart from GET /api/kpis/{id}/spc with the forecast beside it.
import "uplot/dist/uPlot.min.css";
import type uPlot from "uplot";
import { getJson } from "../shared/auth";
import type { Forecast, KpiSpcReport, KpiTilePayload } from "../shared/contract";
import { backtestText, escapeHtml, formatUnit } from "../shared/format";
import { assuranceIcon, assuranceLabel, variationIcon, variationLabel } from "../shared/mdc";
import { openScreen } from "../shared/page";
import { Tile } from "../shared/tile";
import { drawChart } from "./chart";
import { list, matrix } from "./matrix";

class Panel extends Tile {
  show(html: string): void {
    this.touched();
    this.body.innerHTML = html;
  }
}

async function forecastFor(kpiId: string, token: string): Promise<Forecast | null> {
  // The KPI's own frequency and default horizon (28 days, 12 weeks or 12 months); 409 when its history is too short.
  const response = await fetch(`/api/forecasts/kpi:${encodeURIComponent(kpiId)}`, { headers: { Authorization: `Bearer ${token}` } });
  return response.ok ? ((await response.json()) as Forecast) : null;
}

const screen = await openScreen("executive");
if (screen) {
  const { live, token, main } = screen;
  const kpis = new Map<string, KpiTilePayload>();
  main.innerHTML = `<section id="matrix" class="wide"></section><section id="detail" class="wide" hidden></section><section id="list" class="wide"></section>`;
  const matrixPanel = new Panel(main.querySelector<HTMLElement>("#matrix")!, "Variation and assurance", live, 3 * 3600);
  const listPanel = new Panel(main.querySelector<HTMLElement>("#list")!, "Every KPI", live, 3 * 3600);
  const detail = main.querySelector<HTMLElement>("#detail")!;
  let chart: uPlot | null = null;
  const render = (): void => {
    const all = [...kpis.values()].sort((a, b) => (a.name ?? a.kpiId).localeCompare(b.name ?? b.kpiId));
    matrixPanel.show(matrix(all));
    listPanel.show(list(all));
  };
  const open = async (id: string): Promise<void> => {
    chart?.destroy(); // one chart at a time: the old one's canvas and listeners go
    chart = null;
    detail.hidden = false;
    detail.className = "tile wide";
    detail.innerHTML = `<p class="muted">Loading ${escapeHtml(id)}…</p>`;
    try {
      const [report, forecast] = await Promise.all([getJson<KpiSpcReport>(`/api/kpis/${encodeURIComponent(id)}/spc`, token), forecastFor(id, token)]);
      const unit = report.kpi.unit;
      const b = report.benchmark;
      detail.innerHTML = `<header class="tile-head"><h2 data-testid="kpi-title">${escapeHtml(report.kpi.name)}</h2><button class="close" data-close>Close ✕</button></header>
        <div class="detail-head">${variationIcon(report.variation, 56)}${assuranceIcon(report.assurance, 56)}
          <p><strong>${report.variation ? variationLabel[report.variation] : "Not enough data"}</strong><br>${report.assurance ? assuranceLabel[report.assurance] : "No target"}</p>
          <dl><dt>Target</dt><dd>${report.target ? `${escapeHtml(report.target.comparator)} ${formatUnit(report.target.value, unit)}` : "–"}</dd>
          <dt>${escapeHtml(b?.label ?? "Benchmark")}</dt><dd>${b ? (b.value !== null ? formatUnit(b.value, unit) : `${formatUnit(b.lower, unit)}–${formatUnit(b.upper, unit)}`) : "–"}</dd>
          <dt>Forecast</dt><dd data-testid="forecast-state">${forecast ? `${escapeHtml(forecast.model)}, ${backtestText(forecast)}` : "no forecast yet"}</dd></dl></div>
        <p class="narrative" data-testid="kpi-narrative">${escapeHtml(report.narrative)}</p><div class="chart" data-testid="chart"></div>`;
      if (report.points.length > 0) chart = drawChart(detail.querySelector<HTMLElement>(".chart")!, report, forecast);
      else detail.querySelector<HTMLElement>(".chart")!.innerHTML = `<p class="muted">No data to chart yet.</p>`;
    } catch (error) {
      detail.innerHTML = `<p class="message error">${escapeHtml((error as Error).message)}</p>`;
    }
  };
  main.addEventListener("click", (event) => {
    const target = event.target as HTMLElement;
    const kpi = target.closest<HTMLElement>("[data-kpi]")?.dataset.kpi;
    if (kpi) void open(kpi);
    else if (target.closest("[data-close]")) { chart?.destroy(); chart = null; detail.hidden = true; }
  });
  for (const topic of screen.detail.subscriptions.filter((t) => t.startsWith("kpi:"))) {
    const show = (d: KpiTilePayload): void => { kpis.set(d.kpiId, d); render(); };
    live.subscribe<KpiTilePayload>(topic, { snapshot: show, delta: show, refused: (m) => matrixPanel.refused(m) });
  }
  void live.start();
}
