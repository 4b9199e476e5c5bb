// What a dashboard can be built from: every live topic (by kind and site), every KPI, saved queries and forecasts.
import { getJson } from "../shared/auth";
import type { DashboardDetail, KpiEntry, SavedQuery, TileSpec } from "../shared/contract";

export interface CatalogueItem { label: string; group: string; site: string | null; tile: TileSpec }

const kinds: Record<string, string> = { beds: "Beds", ed: "Emergency department", theatres: "Theatres" };

async function optional<T>(url: string, token: string): Promise<T | null> {
  try {
    return await getJson<T>(url, token);
  } catch {
    return null; // a role that may not read it (saved queries are analysts'), or a service not there yet (forecasts)
  }
}

export async function loadCatalogue(token: string): Promise<{ items: CatalogueItem[]; sites: string[] }> {
  const all = await getJson<DashboardDetail>("/api/dashboards/command-centre", token);
  const sites = [...new Set(all.subscriptions.filter((t) => t.includes(":") && !t.startsWith("kpi:")).map((t) => t.split(":")[1]!))];
  const items: CatalogueItem[] = [
    { label: "OPEL: trust and sites", group: "Live", site: null, tile: { type: "opel" } },
    { label: "Live alerts", group: "Live", site: null, tile: { type: "alerts" } },
    { label: "Feeds today", group: "Live", site: null, tile: { type: "ingest" } },
  ];
  for (const kind of Object.keys(kinds)) {
    items.push({ label: `${kinds[kind]}: every site`, group: "Live", site: null, tile: { type: kind as TileSpec["type"] } });
    for (const site of sites) items.push({ label: `${kinds[kind]}: ${site}`, group: "Live", site, tile: { type: kind as TileSpec["type"], site } });
  }
  items.push({ label: "Every KPI", group: "KPIs", site: null, tile: { type: "kpi" } });
  for (const k of (await optional<KpiEntry[]>("/api/kpis", token)) ?? []) {
    items.push({ label: `${k.name} (${k.domain})`, group: "KPIs", site: null, tile: { type: "kpi", kpi: k.id, title: k.name } });
  }
  for (const q of (await optional<SavedQuery[]>("/api/queries", token)) ?? []) {
    items.push({ label: q.name, group: "Saved queries", site: null, tile: { type: "query", query: q.id, title: q.name } });
  }
  const forecasts = await optional<unknown>("/api/forecasts", token);
  const series = Array.isArray(forecasts) ? forecasts : (forecasts as { series?: unknown[] } | null)?.series ?? [];
  for (const s of series) {
    const name = typeof s === "string" ? s : (s as { series?: string; id?: string }).series ?? (s as { id?: string }).id;
    if (name) items.push({ label: `Forecast ${name}`, group: "Forecasts", site: name.split(":")[1] ?? null, tile: { type: "forecast", series: name } });
  }
  return { items, sites };
}
