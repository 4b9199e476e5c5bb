// Theatre trackboard: /wallboard/theatres?site=RQ6. One card per room, updated in place by the room deltas of
// theatres:{site}; milestone clocks tick every second from the milestone's time.
import type { TheatresPayload } from "../shared/contract";
import { escapeHtml, formatElapsed, formatPercent } from "../shared/format";
import { everySecond, openScreen, query } from "../shared/page";
import { applyDelta } from "../shared/rows";
import { Tile } from "../shared/tile";
import { roomCard } from "./room-card";

class DaySummary extends Tile {
  show(d: TheatresPayload): void {
    this.touched();
    const s = d.summary;
    this.body.innerHTML = `<div class="figures">
      <div><span class="big" data-testid="utilisation">${formatPercent(s.cappedUtilisation)}</span><label>utilisation (benchmark ${formatPercent(s.utilisationBenchmark)})</label></div>
      <div><span class="big">${s.casesDone}/${s.casesPlanned}</span><label>cases done</label></div>
      <div><span class="big ${s.lateStarts ? "warn" : ""}" data-testid="late-starts">${s.lateStarts}</span><label>late starts</label></div>
      <div><span class="big">${s.meanTurnaroundMinutes === null ? "–" : `${Math.round(s.meanTurnaroundMinutes)} min`}</span><label>mean turnaround (${s.turnarounds})</label></div>
      <div><span class="big ${s.cancelledOnTheDay ? "warn" : ""}">${s.cancelledOnTheDay}</span><label>cancelled on the day</label></div>
      <div><span class="big ${s.roomsReadyToClean ? "callout" : ""}">${s.roomsReadyToClean}</span><label>ready to clean</label></div></div>`;
  }
}

const screen = await openScreen("theatres");
if (screen) {
  const site = query("site") ?? screen.detail.dashboard.filters?.sites?.[0]
    ?? screen.detail.subscriptions.find((t) => t.startsWith("theatres:"))?.slice("theatres:".length) ?? "RQ6";
  document.querySelector("#title")!.textContent = `${screen.detail.dashboard.title} · ${site}`;
  screen.main.innerHTML = `<section id="summary" class="wide"></section><div id="rooms" class="rooms"></div>`;
  const summary = new DaySummary(screen.main.querySelector<HTMLElement>("#summary")!, `Today at ${escapeHtml(site)}`, screen.live, 180);
  const rooms = screen.main.querySelector<HTMLElement>("#rooms")!;
  const cards = new Map<string, HTMLElement>();
  let state: TheatresPayload | null = null;

  const render = (): void => {
    if (!state) return;
    summary.show(state);
    const now = new Date();
    const codes = new Set(state.rooms.map((r) => r.code));
    for (const [code, card] of cards) if (!codes.has(code)) { card.remove(); cards.delete(code); }
    for (const room of [...state.rooms].sort((a, b) => a.code.localeCompare(b.code))) {
      let card = cards.get(room.code);
      if (!card) {
        card = document.createElement("article");
        card.className = "room";
        card.dataset.room = room.code;
        cards.set(room.code, card);
      }
      rooms.append(card); // re-append keeps the order sorted
      card.innerHTML = roomCard(room, now);
      card.classList.toggle("overrunning", room.overrunning);
      card.dataset.status = room.status ?? "closed";
    }
  };
  screen.live.subscribe<TheatresPayload>(`theatres:${site}`, {
    snapshot: (d) => { state = d; render(); },
    delta: (d) => { if (state) applyDelta(state, d, "rooms"); render(); },
    refused: (m) => summary.refused(m),
  });
  everySecond((now) => {
    for (const el of rooms.querySelectorAll<HTMLElement>("[data-since]")) el.textContent = formatElapsed(el.dataset.since || null, now);
  });
  void screen.live.start();
}
