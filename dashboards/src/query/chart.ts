// The workbench's quick chart: the result grid drawn client-side with uPlot. The x column is a time, date or
// category column; the y columns are numeric. By default x is the first temporal column (else the first
// non-numeric one) and every other numeric column is a y; time gives lines, categories give bars.
import uPlot from "uplot";

export interface ChartColumn { name: string; type: string }
export interface ChartChoice { x: number; ys: number[] }

const palette = ["#00b0f0", "#f2c14e", "#7bd389", "#ff6b6b", "#b58cff", "#ff9f43", "#4dd0e1", "#e8eef3"];

export const isNumeric = (type: string): boolean =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(type);
export const isTemporal = (type: string): boolean => /^(TIMESTAMP|DATE)/.test(type);

/** The default choice, or null when the answer has nothing to plot (no numeric column besides x). */
export function defaultChoice(columns: ChartColumn[]): ChartChoice | null {
  let x = columns.findIndex((c) => isTemporal(c.type));
  if (x < 0) x = columns.findIndex((c) => !isNumeric(c.type));
  if (x < 0) x = 0;
  const ys = columns.map((c, i) => (i !== x && isNumeric(c.type) ? i : -1)).filter((i) => i >= 0);
  return ys.length === 0 ? null : { x, ys };
}

const toSeconds = (value: unknown): number | null => {
  if (value === null || value === undefined) return null;
  const text = String(value);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? null : ms / 1000;
};

const toNumber = (value: unknown): number | null => {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
};

/** Draws the chosen columns of <rows> into <host>, replacing what was there. */
export function drawQueryChart(host: HTMLElement, columns: ChartColumn[], rows: unknown[][], choice: ChartChoice): uPlot {
  host.innerHTML = "";
  const temporal = isTemporal(columns[choice.x]!.type);
  let xs: number[];
  let ordered = rows;
  let labels: string[] = [];
  if (temporal) {
    ordered = rows.filter((r) => toSeconds(r[choice.x]) !== null).sort((a, b) => toSeconds(a[choice.x])! - toSeconds(b[choice.x])!);
    xs = ordered.map((r) => toSeconds(r[choice.x])!);
  } else {
    labels = rows.map((r) => (r[choice.x] === null ? "null" : String(r[choice.x])));
    xs = rows.map((_, i) => i);
  }
  const data = [xs, ...choice.ys.map((y) => ordered.map((r) => toNumber(r[y])))] as uPlot.AlignedData;
  // Grouped bars: each series gets its slice of 80% of a category's width, placed in x-scale units (uPlot's
  // "disp" facets, unit 1 = scale value) so the series stand side by side rather than over each other.
  const slice = 0.8 / choice.ys.length;
  const bars = (i: number): uPlot.Series.PathBuilder => uPlot.paths.bars!({
    align: 1,
    disp: {
      x0: { unit: 1 as uPlot.Series.BarsPathBuilderFacetUnit, values: () => xs.map((x) => x - 0.4 + i * slice) },
      size: { unit: 1 as uPlot.Series.BarsPathBuilderFacetUnit, values: () => xs.map(() => slice) },
    },
  });
  const series: uPlot.Series[] = [{ label: columns[choice.x]!.name },
    ...choice.ys.map((y, i): uPlot.Series => {
      const colour = palette[i % palette.length]!;
      return temporal
        ? { label: columns[y]!.name, stroke: colour, width: 2, points: { show: xs.length <= 200 } }
        : { label: columns[y]!.name, stroke: colour, fill: `${colour}cc`, width: 1, paths: bars(i), points: { show: false } };
    })];
  const opts: uPlot.Options = {
    width: Math.max(480, host.parentElement?.clientWidth ?? 800), height: 320,
    scales: temporal
      ? { x: { time: true } }
      : { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(0, max) * 1.1 || 1] } },
    axes: [
      temporal
        ? { stroke: "#c9d3dc", grid: { stroke: "#2a3947" } }
        : { stroke: "#c9d3dc", grid: { show: false }, splits: () => xs, values: (_u, splits) => splits.map((s) => labels[s] ?? "") },
      { stroke: "#c9d3dc", grid: { stroke: "#2a3947" }, size: 70 },
    ],
    series,
    legend: { live: false },
  };
  const chart = new uPlot(opts, data, host);
  host.dataset.series = String(choice.ys.length);
  host.dataset.kind = temporal ? "line" : "bar";
  return chart;
}
