// Dashboard designer: /designer[?id=...]. Compose tiles from the catalogue, filter by site and specialty, and save
// as personal, for a clinical function or for a situation, optionally as a role's default. Built-ins are copied.
import { currentToken, getJson } from "../shared/auth";
import type { DashboardDetail, DashboardDocument, TileSpec } from "../shared/contract";
import { escapeHtml } from "../shared/format";
import { loadCatalogue, type CatalogueItem } from "./catalogue";

const $ = <T extends HTMLElement>(selector: string): T => document.querySelector<T>(selector)!;
const token = currentToken();
const form = $<HTMLFormElement>("#designer");
const tilesList = $("#tiles");
const catalogueList = $("#catalogue");
const message = $("#message");
let tiles: TileSpec[] = [];
let editing: string | null = null;
let items: CatalogueItem[] = [];

const field = (name: string): HTMLInputElement | HTMLSelectElement => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;

function describe(t: TileSpec): string {
  return t.title ?? `${t.type}${t.site ? ` · ${t.site}` : ""}${t.kpi ? ` · ${t.kpi}` : ""}${t.query ? ` · query ${t.query}` : ""}${t.series ? ` · ${t.series}` : ""}`;
}

function renderTiles(): void {
  tilesList.innerHTML = tiles.length === 0 ? `<li class="muted">Add tiles from the catalogue.</li>` : tiles.map((t, i) => `
    <li data-index="${i}"><span>${escapeHtml(describe(t))}</span>
    <button type="button" data-move="-1" aria-label="Move up">↑</button><button type="button" data-move="1" aria-label="Move down">↓</button>
    <button type="button" data-remove aria-label="Remove">✕</button></li>`).join("");
}

function renderCatalogue(): void {
  const site = field("site").value;
  const shown = items.filter((i) => !site || i.site === null || i.site === site);
  catalogueList.innerHTML = [...new Set(shown.map((i) => i.group))].map((g) => `<li><h3>${escapeHtml(g)}</h3><ul>${shown.filter((i) => i.group === g)
    .map((i) => `<li><button type="button" data-add="${items.indexOf(i)}">+ ${escapeHtml(i.label)}</button></li>`).join("")}</ul></li>`).join("");
}

function documentFromForm(): DashboardDocument {
  const site = field("site").value;
  const specialty = field("specialty").value.trim();
  const role = field("defaultFor").value;
  return {
    id: field("id").value.trim() || undefined,
    title: field("title").value.trim(),
    description: field("description").value.trim(),
    scope: field("scope").value as DashboardDocument["scope"],
    audience: field("audience").value.trim() || null,
    layout: field("layout").value as DashboardDocument["layout"],
    defaultFor: role ? [role] : [],
    filters: { sites: site ? [site] : [], specialty: specialty || null },
    tiles,
  };
}

function fill(d: DashboardDocument, copy: boolean): void {
  field("id").value = copy ? "" : d.id ?? "";
  field("title").value = copy ? `${d.title} (copy)` : d.title;
  field("description").value = d.description ?? "";
  field("scope").value = copy ? "personal" : d.scope;
  field("audience").value = copy ? "" : d.audience ?? "";
  field("layout").value = d.layout;
  field("defaultFor").value = copy ? "" : d.defaultFor?.[0] ?? "";
  field("site").value = d.filters?.sites?.[0] ?? "";
  field("specialty").value = d.filters?.specialty ?? "";
  tiles = d.tiles.map((t) => ({ ...t }));
  editing = copy ? null : d.id ?? null;
  (field("id") as HTMLInputElement).readOnly = editing !== null;
  renderTiles();
  renderCatalogue();
}

async function save(): Promise<void> {
  const doc = documentFromForm();
  const response = await fetch(editing ? `/api/dashboards/${encodeURIComponent(editing)}` : "/api/dashboards", {
    method: editing ? "PUT" : "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(doc),
  });
  const body = (await response.json()) as { id?: string; detail?: string } & DashboardDocument;
  if (!response.ok) {
    message.className = "message error";
    message.textContent = body.detail ?? `${response.status} ${response.statusText}`;
    return;
  }
  fill(body, false);
  history.replaceState(null, "", `/designer?id=${encodeURIComponent(body.id!)}`);
  message.className = "message ok";
  message.innerHTML = `Saved “${escapeHtml(body.title)}”. <a data-testid="open-saved" href="/wallboard/${encodeURIComponent(body.id!)}?access_token=${encodeURIComponent(token!)}">Open it</a>`;
}

form.addEventListener("submit", (e) => { e.preventDefault(); void save(); });
field("site").addEventListener("change", renderCatalogue);
catalogueList.addEventListener("click", (e) => {
  const add = (e.target as HTMLElement).closest<HTMLElement>("[data-add]")?.dataset.add;
  if (add === undefined) return;
  const item = items[Number(add)]!;
  tiles.push({ ...item.tile });
  renderTiles();
});
tilesList.addEventListener("click", (e) => {
  const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button");
  const index = Number(button?.closest<HTMLElement>("[data-index]")?.dataset.index);
  if (!button || Number.isNaN(index)) return;
  if (button.dataset.remove !== undefined) tiles.splice(index, 1);
  else {
    const to = index + Number(button.dataset.move);
    if (to >= 0 && to < tiles.length) [tiles[index], tiles[to]] = [tiles[to]!, tiles[index]!];
  }
  renderTiles();
});

if (!token) {
  message.className = "message error";
  message.innerHTML = `Sign in at <a href="/">the start page</a> first.`;
} else {
  try {
    const catalogue = await loadCatalogue(token);
    items = catalogue.items;
    field("site").innerHTML = `<option value="">Every site</option>${catalogue.sites.map((s) => `<option>${escapeHtml(s)}</option>`).join("")}`;
    const id = new URLSearchParams(location.search).get("id");
    if (id) {
      const { dashboard } = await getJson<DashboardDetail>(`/api/dashboards/${encodeURIComponent(id)}`, token);
      fill(dashboard, !dashboard.editable);
    } else {
      renderTiles();
      renderCatalogue();
    }
  } catch (error) {
    message.className = "message error";
    message.textContent = (error as Error).message;
  }
}
