// Kiosk mode for one dashboard: /wallboard/{dashboardId}?access_token=...
import { currentToken } from "../shared/auth";
import type { IngestPayload } from "../shared/contract";
import { LiveClient, type ConnectionStatus } from "../shared/live";
import { IngestTile } from "./ingest-tile";

const dashboardId = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] ?? "command-centre");
const title = document.querySelector<HTMLElement>("#title")!;
const status = document.querySelector<HTMLElement>("#connection")!;
const clock = document.querySelector<HTMLElement>("#clock")!;
const tiles = document.querySelector<HTMLElement>("#tiles")!;

const labels: Record<ConnectionStatus, string> = { connecting: "connecting", live: "live", reconnecting: "reconnecting", offline: "offline" };

function tick(): void {
  clock.textContent = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "short", hour: "2-digit", minute: "2-digit" }).format(new Date());
}

const token = currentToken();
title.textContent = dashboardId.replace(/-/g, " ");
tick();
setInterval(tick, 10_000);
if (!token) {
  tiles.innerHTML = `<p class="message error">This wallboard needs a token: open it as /wallboard/${dashboardId}?access_token=&lt;token&gt;, or sign in at <a href="/">the start page</a>.</p>`;
} else {
  const live = new LiveClient(token);
  live.onStatus((s) => {
    status.textContent = labels[s];
    status.className = `badge connection ${s}`;
  });
  const ingest = document.createElement("section");
  ingest.className = "tile wide";
  ingest.id = "tile-ingest";
  tiles.append(ingest);
  const tile = new IngestTile(ingest);
  live.subscribe<IngestPayload>("ingest", { snapshot: (d) => tile.snapshot(d), delta: (d) => tile.delta(d) });
  void live.start();
}
