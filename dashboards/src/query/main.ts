// The query workbench: read-only SQL on the de-identified snapshot, results as a table, exports as CSV,
// Arrow or Parquet, saved queries and the data dictionary. Talks only to /api/query and /api/queries.
import { currentToken, getJson } from "../shared/auth";
import { escapeHtml, formatNumber } from "../shared/format";

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
    say(await problem(response), "error");
    return;
  }
  const answer = (await response.json()) as QueryAnswer;
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
  say(response.ok ? `Saved as "${name}".` : await problem(response), response.ok ? "ok" : "error");
  if (response.ok) await loadSaved();
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
}
