// What every screen shares: the token, the dashboard document and its topics, the header's clock and connection
// badge, and one page-wide one-second ticker (one timer for the page, however many tiles and clocks it shows).
import { currentToken, getJson } from "./auth";
import type { DashboardDetail } from "./contract";
import { escapeHtml } from "./format";
import { LiveClient, type ConnectionStatus } from "./live";

const tickers = new Set<(now: Date) => void>();
let ticking = false;

/** Calls `fn` every second until the returned function is called. */
export function everySecond(fn: (now: Date) => void): () => void {
  tickers.add(fn);
  if (!ticking) {
    ticking = true;
    setInterval(() => {
      const now = new Date();
      for (const t of tickers) t(now);
    }, 1000);
  }
  return () => tickers.delete(fn);
}

export function dashboardIdFromPath(fallback: string): string {
  return decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] ?? fallback);
}

export function query(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}

export interface Screen {
  token: string;
  detail: DashboardDetail;
  live: LiveClient;
  main: HTMLElement;
}

const clockFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Signs in from ?access_token=, loads the dashboard, wires the header; null (with the reason shown) when it cannot. */
export async function openScreen(fallbackId: string): Promise<Screen | null> {
  const id = dashboardIdFromPath(fallbackId);
  const main = document.querySelector<HTMLElement>("main")!;
  const title = document.querySelector<HTMLElement>("#title")!;
  const clock = document.querySelector<HTMLElement>("#clock")!;
  const badge = document.querySelector<HTMLElement>("#connection")!;
  const tick = (now: Date): void => void (clock.textContent = clockFormat.format(now));
  tick(new Date());
  everySecond(tick);
  const token = currentToken();
  if (!token) {
    main.innerHTML = `<p class="message error">This wallboard needs a token: open it as /wallboard/${escapeHtml(id)}?access_token=&lt;token&gt;, or sign in at <a href="/">the start page</a>.</p>`;
    return null;
  }
  let detail: DashboardDetail;
  for (let attempt = 0; ; attempt++) {
    try {
      detail = await getJson<DashboardDetail>(`/api/dashboards/${encodeURIComponent(id)}`, token);
      break;
    } catch (error) {
      const message = (error as Error).message;
      // The server may be restarting: a kiosk waits for it rather than showing an error for good.
      if (/fetch|network|50\d/i.test(message) && attempt < 1000) {
        main.innerHTML = `<p class="message">Waiting for the server…</p>`;
        await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** Math.min(attempt, 5))));
        continue;
      }
      main.innerHTML = `<p class="message error" data-testid="refused">This dashboard cannot be opened: ${escapeHtml(message)}</p>`;
      return null;
    }
  }
  title.textContent = detail.dashboard.title;
  document.title = `BRIGHT · ${detail.dashboard.title}`;
  const live = new LiveClient(token);
  live.onStatus((s: ConnectionStatus) => {
    badge.textContent = s;
    badge.className = `badge connection ${s}`;
    document.body.dataset.connection = s;
    document.body.dataset.route = live.route ?? "";
  });
  return { token, detail, live, main };
}
