// One KPI's full MDC chart with uPlot: the series with special-cause points in MDC colours, mean and process
// limits, target, benchmark or reference range, and the forecast's mean and 80% band after the last point.
import uPlot from "uplot";
import type { Forecast, KpiSpcReport } from "../shared/contract";
import { formatUnit } from "../shared/format";
import { pointColour } from "../shared/mdc";

const day = (iso: string): number => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) / 1000;

export function drawChart(host: HTMLElement, report: KpiSpcReport, forecast: Forecast | null): uPlot {
  const past = report.points;
  const future = forecast?.points ?? [];
  const xs = [...past.map((p) => day(p.date)), ...future.map((p) => day(p.time))];
  const pad = <T>(values: T[], before: number, after: number): (T | null)[] => [...Array(before).fill(null), ...values, ...Array(after).fill(null)];
  const only = (type: string): (number | null)[] => pad(past.map((p) => (p.pointType.startsWith(type) ? p.value : null)), 0, future.length);
  const flat = (v: number | null | undefined): (number | null)[] => xs.map(() => (v ?? null));
  const b = report.benchmark;
  const data: uPlot.AlignedData = [xs,
    pad(past.map((p) => p.value), 0, future.length), pad(past.map((p) => p.mean), 0, future.length),
    pad(past.map((p) => p.lpl), 0, future.length), pad(past.map((p) => p.upl), 0, future.length),
    only("special_cause_improvement"), only("special_cause_concern"), only("special_cause_neutral"),
    flat(report.target?.value), flat(b?.value ?? b?.lower), flat(b?.upper),
    pad(future.map((p) => p.mean), past.length, 0), pad(future.map((p) => p.lower80), past.length, 0), pad(future.map((p) => p.upper80), past.length, 0),
  ] as uPlot.AlignedData;
  const unit = report.kpi.unit;
  const dots = (colour: string): uPlot.Series => ({ stroke: colour, width: 0, points: { show: true, size: 10, fill: colour, stroke: colour }, paths: () => null });
  const opts: uPlot.Options = {
    width: Math.max(600, host.clientWidth), height: 420,
    scales: { x: { time: true } },
    axes: [{ stroke: "#c9d3dc", grid: { stroke: "#2a3947" } },
      { stroke: "#c9d3dc", grid: { stroke: "#2a3947" }, size: 80, values: (_u, vals) => vals.map((v) => formatUnit(v, unit)) }],
    series: [{},
      { label: report.kpi.name, stroke: "#c9d3dc", width: 2, points: { show: true, size: 6, fill: pointColour.common_cause! } },
      { label: "Mean", stroke: "#e8eef3", width: 1.5 },
      { label: "Lower limit", stroke: "#8fa3b5", width: 1, dash: [6, 4] },
      { label: "Upper limit", stroke: "#8fa3b5", width: 1, dash: [6, 4] },
      { label: "Improvement", ...dots(pointColour.special_cause_improvement!) },
      { label: "Concern", ...dots(pointColour.special_cause_concern!) },
      { label: "Neither", ...dots("#b58cff") },
      { label: "Target", stroke: "#ff6b6b", width: 2, dash: [10, 5] },
      { label: b?.label ?? "Benchmark", stroke: "#f2c14e", width: 1.5, dash: [2, 4] },
      { label: b?.upper != null ? "Reference range upper" : "", stroke: "#f2c14e", width: 1.5, dash: [2, 4], show: b?.upper != null },
      { label: "Forecast", stroke: "#00b0f0", width: 2, dash: [4, 3] },
      { label: "Forecast 80% low", stroke: "rgba(0,176,240,0.4)", width: 1 },
      { label: "Forecast 80% high", stroke: "rgba(0,176,240,0.4)", width: 1 },
    ],
    bands: [{ series: [13, 12], fill: "rgba(0,176,240,0.15)" }],
    legend: { live: false },
  };
  return new uPlot(opts, data, host);
}
