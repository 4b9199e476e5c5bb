// Kiosk mode for a tiles dashboard: /wallboard/{dashboardId}?access_token=... Each tile of the document becomes a
// tile on the wall reading its topics through the hub; nothing here renders a subject key.
import type { IngestPayload, TileSpec } from "../shared/contract";
import { CapacityTile } from "../shared/capacity-tile";
import { escapeHtml } from "../shared/format";
import { openScreen, type Screen } from "../shared/page";
import { ForecastTile, QueryTile } from "./api-tiles";
import { IngestTile } from "./ingest-tile";
import { BedsTile, EdTile, TheatresTile } from "./site-tiles";
import { AlertsTile, KpiTile, OpelTile } from "./trust-tiles";

function topicsFor(screen: Screen, spec: TileSpec): string[] {
  const prefix = spec.type === "kpi" ? "kpi:" : `${spec.type}:`;
  const wanted = spec.kpi ? `kpi:${spec.kpi}` : spec.site ? `${spec.type}:${spec.site}` : null;
  return screen.detail.subscriptions.filter((t) => (wanted ? t === wanted : t.startsWith(prefix)));
}

function addTile(screen: Screen, spec: TileSpec): void {
  const element = document.createElement("section");
  element.dataset.tile = spec.type;
  screen.main.append(element);
  const title = spec.title ?? undefined;
  const sites = screen.detail.dashboard.filters?.sites ?? null;
  switch (spec.type) {
    case "opel": new OpelTile(element, screen.live, title); break;
    case "alerts": new AlertsTile(element, screen.live, spec.site ? [spec.site] : sites?.length ? sites : null, title); break;
    case "beds": {
      element.classList.add("double");
      new BedsTile(element, screen.live, topicsFor(screen, spec), title);
      const capacity = screen.detail.subscriptions.filter((t) => (spec.site ? t === `capacity:${spec.site}` : t.startsWith("capacity:")));
      if (capacity.length > 0) {
        const outlook = document.createElement("section");
        outlook.dataset.tile = "capacity";
        outlook.classList.add("double");
        screen.main.append(outlook);
        new CapacityTile(outlook, screen.live, capacity);
      }
      break;
    }
    case "ed": element.classList.add("double"); new EdTile(element, screen.live, topicsFor(screen, spec), title); break;
    case "theatres": element.classList.add("double"); new TheatresTile(element, screen.live, topicsFor(screen, spec), title); break;
    case "kpi": element.classList.add("wide"); new KpiTile(element, screen.live, topicsFor(screen, spec), title); break;
    case "query": new QueryTile(element, screen.token, spec.query ?? 0, title ?? "Saved query"); break;
    case "forecast": new ForecastTile(element, screen.token, spec.series ?? "", title ?? `Forecast ${spec.series}`); break;
    case "ingest": {
      element.classList.add("wide");
      element.id = "tile-ingest";
      const tile = new IngestTile(element);
      screen.live.subscribe<IngestPayload>("ingest", { snapshot: (d) => tile.snapshot(d), delta: (d) => tile.delta(d) });
      break;
    }
  }
}

const screen = await openScreen("command-centre");
if (screen) {
  screen.main.innerHTML = "";
  for (const spec of screen.detail.dashboard.tiles) addTile(screen, spec);
  if (screen.detail.dashboard.tiles.length === 0) {
    screen.main.innerHTML = `<p class="message">${escapeHtml(screen.detail.dashboard.description ?? "This dashboard has no tiles.")}</p>`;
  }
  void screen.live.start();
}
