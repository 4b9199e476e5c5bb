// The query workbench: read-only SQL on the de-identified snapshot, results as a table and a quick chart,
// exports as CSV, Arrow or Parquet, saved queries (pinned as dashboard tiles) and the data dictionary. Talks
// only to /api/query, /api/queries and /api/dashboards.
import "uplot/dist/uPlot.min.css";
import type uPlot from "uplot";
import { currentToken, getJson } from "../shared/auth";
import type { DashboardDetail, DashboardDocument, DashboardView } from "../shared/contract";
import { escapeHtml, formatNumber } from "../shared/format";
import { type ChartChoice, defaultChoice, drawQueryChart, isNumeric } from "./chart";

interface QueryColumn { name: string; type: string }
interface QueryAnswer { columns: QueryColumn[]; rows: unknown[][]; rowCount: number; truncated: boolean; elapsedMs: number; snapshotAt: string }
interface SavedQuery { id: number; name: string; description: string | null; sql: string; parameters: Record<string, unknown> }
interface DictionaryTable { name: string; description: string; columns: { name: string; description: string }[] }

const shownRows = 1_000;
const token = currentToken();
const sql = document.querySelector<HTMLTextAreaElement>("#sql")!;
const parameters = document.querySelector<HTMLInputElement>("#parameters")!;
const status = document.querySelector<HTMLElement>("#status")!;
const result = document.querySelector<HTMLElement>("#result")!;
const snapshot = document.querySelector<HTMLElement>("#snapshot")!;
const chartHost = document.querySelector<HTMLElement>("#chart")!;
const chartControls = document.querySelector<HTMLElement>("#chart-controls")!;
const pin = document.querySelector<HTMLButtonElement>("#pin")!;
const pinTarget = document.querySelector<HTMLSelectElement>("#pin-dashboard")!;
let answerShown: QueryAnswer | null = null;
let chart: uPlot | null = null;
// The saved query the editor holds, while its SQL is unchanged: only a saved query can be pinned as a tile.
let current: SavedQuery | null = null;

function say(text: string, kind: "ok" | "error" | "" = ""): void {
  status.textContent = text;
  status.className = `message ${kind}`;
}

function body(): string | null {
  try {
    const parsed = JSON.parse(parameters.value.trim() || "{}") as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("must be a JSON object");
    return JSON.stringify({ sql: sql.value, parameters: parsed });
  } catch (error) {
    say(`Parameters: ${(error as Error).message}. Write them as a JSON object, e.g. {"site": "RQ6"}.`, "error");
    return null;
  }
}

async function problem(response: Response): Promise<string> {
  try {
    const p = (await response.json()) as { title?: string; detail?: string };
    return p.detail ?? p.title ?? `${response.status} ${response.statusText}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return `<td class="null">null</td>`;
  if (typeof value === "number") return `<td class="num">${escapeHtml(String(value))}</td>`;
  return `<td>${escapeHtml(typeof value === "object" ? JSON.stringify(value) : String(value))}</td>`;
}

async function run(): Promise<void> {
  const payload = body();
  if (!payload || !token) return;
  say("Running…");
  const response = await fetch("/api/query", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" },
    body: payload,
  });
  if (!response.ok) {
    result.innerHTML = "";
    clearChart();
    say(await problem(response), "error");
    return;
  }
  const answer = (await response.json()) as QueryAnswer;
  answerShown = answer;
  showChartControls(answer);
  const rows = answer.rows.slice(0, shownRows);
  result.innerHTML = `<table data-testid="result"><thead><tr>${answer.columns
    .map((c) => `<th title="${escapeHtml(c.type)}">${escapeHtml(c.name)}</th>`).join("")}</tr></thead>
    <tbody>${rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("")}</tbody></table>`;
  const more = answer.rowCount > rows.length ? `; showing the first ${formatNumber(rows.length)}, export for all` : "";
  const cut = answer.truncated ? " (cut at the row limit)" : "";
  const noun = answer.rowCount === 1 ? "row" : "rows";
  say(`${formatNumber(answer.rowCount)} ${noun}${cut} in ${Math.round(answer.elapsedMs)} ms${more}.`, "ok");
  snapshot.textContent = `data as of ${new Date(answer.snapshotAt).toLocaleTimeString("en-GB", { timeZone: "Europe/London" })}`;
  snapshot.className = "badge fresh";
}

function clearChart(): void {
  chart?.destroy();
  chart = null;
  chartHost.innerHTML = "";
  chartControls.innerHTML = "";
  delete chartHost.dataset.series;
  answerShown = null;
}

function showChartControls(answer: QueryAnswer): void {
  chart?.destroy();
  chart = null;
  const choice = defaultChoice(answer.columns);
  if (!choice || answer.rows.length === 0) {
    chartHost.innerHTML = "";
    delete chartHost.dataset.series;
    chartControls.innerHTML = `<span class="muted">Nothing to chart: the answer needs a numeric column besides its x column.</span>`;
    return;
  }
  chartControls.innerHTML = `<label>Chart x <select id="chart-x">${answer.columns
    .map((c, i) => `<option value="${i}"${i === choice.x ? " selected" : ""}>${escapeHtml(c.name)}</option>`).join("")}</select></label>
    <span class="chart-ys">y ${answer.columns.map((c, i) => isNumeric(c.type)
      ? `<label><input type="checkbox" name="chart-y" value="${i}"${choice.ys.includes(i) ? " checked" : ""}> ${escapeHtml(c.name)}</label>` : "").join("")}</span>`;
  for (const input of chartControls.querySelectorAll<HTMLElement>("select, input")) {
    input.addEventListener("change", () => drawChosen());
  }
  drawChosen();
}

function drawChosen(): void {
  if (!answerShown) return;
  const x = Number(chartControls.querySelector<HTMLSelectElement>("#chart-x")!.value);
  const ys = [...chartControls.querySelectorAll<HTMLInputElement>("input[name=chart-y]:checked")].map((i) => Number(i.value)).filter((i) => i !== x);
  chart?.destroy();
  chart = null;
  if (ys.length === 0) {
    chartHost.innerHTML = `<p class="muted">Tick a numeric column to chart.</p>`;
    delete chartHost.dataset.series;
    return;
  }
  const choice: ChartChoice = { x, ys };
  chart = drawQueryChart(chartHost, answerShown.columns, answerShown.rows, choice);
}

async function exportAs(format: string, extension: string): Promise<void> {
  const payload = body();
  if (!payload || !token) return;
  say(`Exporting ${extension.toUpperCase()}…`);
  const response = await fetch("/api/query", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: format },
    body: payload,
  });
  if (!response.ok) {
    say(await problem(response), "error");
    return;
  }
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `bright-query.${extension}`;
  link.click();
  URL.revokeObjectURL(link.href);
  const truncated = response.headers.get("X-Bright-Truncated") === "true" ? ", cut at the row limit" : "";
  say(`Exported ${formatNumber(blob.size)} bytes as ${extension.toUpperCase()}${truncated}.`, "ok");
}

async function loadSaved(): Promise<void> {
  if (!token) return;
  const list = document.querySelector<HTMLElement>("#saved")!;
  const saved = await getJson<SavedQuery[]>("/api/queries", token);
  list.innerHTML = saved.length === 0
    ? `<li class="muted">None yet: run a query and save it.</li>`
    : saved.map((q) => `<li><button type="button" data-id="${q.id}" title="${escapeHtml(q.description ?? "")}">${escapeHtml(q.name)}</button></li>`).join("");
  for (const button of list.querySelectorAll<HTMLButtonElement>("button[data-id]")) {
    button.addEventListener("click", () => {
      const q = saved.find((s) => String(s.id) === button.dataset.id);
      if (!q) return;
      sql.value = q.sql;
      parameters.value = JSON.stringify(q.parameters ?? {});
      holdSaved(q);
      void run();
    });
  }
}

async function save(): Promise<void> {
  if (!token) return;
  const name = prompt("Name for this query");
  if (!name) return;
  const payload = body();
  if (!payload) return;
  const { parameters: values } = JSON.parse(payload) as { parameters: Record<string, unknown> };
  const response = await fetch("/api/queries", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name, sql: sql.value, parameters: values }),
  });
  if (!response.ok) {
    say(await problem(response), "error");
    return;
  }
  holdSaved((await response.json()) as SavedQuery);
  say(`Saved as "${name}".`, "ok");
  await loadSaved();
}

function holdSaved(query: SavedQuery | null): void {
  current = query;
  pin.disabled = current === null || pinTarget.options.length === 0;
  pin.title = current ? `Pin "${current.name}" to the chosen dashboard as a query tile` : "Save the query (or open a saved one) to pin it";
}

async function loadPinTargets(): Promise<void> {
  if (!token) return;
  const { dashboards } = await getJson<{ dashboards: DashboardView[] }>("/api/dashboards", token);
  const editable = dashboards.filter((d) => d.editable && d.layout === "tiles");
  pinTarget.innerHTML = editable.map((d) => `<option value="${escapeHtml(d.id)}">${escapeHtml(d.title)}</option>`).join("")
    + `<option value="">a new personal dashboard</option>`;
  holdSaved(current);
}

async function pinAsTile(): Promise<void> {
  if (!token || !current) return;
  const tile = { type: "query" as const, query: current.id, title: current.name };
  let doc: DashboardDocument;
  if (pinTarget.value) {
    const { dashboard } = await getJson<DashboardDetail>(`/api/dashboards/${encodeURIComponent(pinTarget.value)}`, token);
    doc = {
      id: dashboard.id, title: dashboard.title, description: dashboard.description, scope: dashboard.scope, audience: dashboard.audience,
      layout: dashboard.layout, defaultFor: dashboard.defaultFor, filters: dashboard.filters, tiles: [...dashboard.tiles, tile],
    };
  } else {
    doc = { title: `${current.name} (pinned)`, scope: "personal", layout: "tiles", tiles: [tile] };
  }
  const response = await fetch(doc.id ? `/api/dashboards/${encodeURIComponent(doc.id)}` : "/api/dashboards", {
    method: doc.id ? "PUT" : "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(doc),
  });
  if (!response.ok) {
    say(`Pin as tile: ${await problem(response)}`, "error");
    return;
  }
  const savedDoc = (await response.json()) as DashboardView;
  status.className = "message ok";
  status.innerHTML = `Pinned “${escapeHtml(current.name)}” to “${escapeHtml(savedDoc.title)}”. <a data-testid="open-pinned" href="/wallboard/${
    encodeURIComponent(savedDoc.id)}?access_token=${encodeURIComponent(token)}">Open it</a>`;
  await loadPinTargets();
  pinTarget.value = savedDoc.id;
}

async function loadDictionary(): Promise<void> {
  if (!token) return;
  const tables = await getJson<DictionaryTable[]>("/api/query/dictionary", token);
  document.querySelector<HTMLElement>("#dictionary")!.innerHTML = tables.map((t) => `<details><summary title="${escapeHtml(t.description)}">${escapeHtml(t.name)}</summary>
    <ul>${t.columns.map((c) => `<li><code>${escapeHtml(c.name)}</code> ${escapeHtml(c.description)}</li>`).join("")}</ul></details>`).join("");
}

if (!token) {
  say("The workbench needs an Analyst or Administrator token: sign in at / first.", "error");
} else {
  document.querySelector("#run")!.addEventListener("click", () => void run());
  document.querySelector("#save")!.addEventListener("click", () => void save());
  pin.addEventListener("click", () => void pinAsTile().catch((error: Error) => say(`Pin as tile: ${error.message}`, "error")));
  sql.addEventListener("input", () => {
    if (current && sql.value !== current.sql) holdSaved(null);
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>("button[data-format]")) {
    button.addEventListener("click", () => void exportAs(button.dataset.format!, button.dataset.extension!));
  }
  sql.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  });
  void loadSaved().catch((error: Error) => say(`Saved queries: ${error.message}`, "error"));
  void loadDictionary().catch((error: Error) => say(`Data dictionary: ${error.message}`, "error"));
  void loadPinTargets().catch((error: Error) => say(`Dashboards to pin to: ${error.message}`, "error"));
}
