// Bed board: /wallboard/beds. Site → ward → bed, driven by the hash (#RQ6, #RQ6/W3) so a link opens a ward.
import { CapacityTile } from "../shared/capacity-tile";
import type { BedBoardPayload } from "../shared/contract";
import { escapeHtml } from "../shared/format";
import { openScreen, query } from "../shared/page";
import { applyDelta } from "../shared/rows";
import { Tile } from "../shared/tile";
import { cleaningQueue, siteFigures, wardBeds, wardGrid } from "./views";

class BoardTile extends Tile {
  show(html: string): void {
    this.touched();
    this.body.innerHTML = html;
  }
}

const screen = await openScreen("beds");
if (screen) {
  const sites = screen.detail.subscriptions.filter((t) => t.startsWith("beds:")).map((t) => t.slice(5));
  const boards = new Map<string, BedBoardPayload>();
  screen.main.innerHTML = `<nav class="tabs" id="sites"></nav><section id="board" class="wide"></section><section id="queue"></section><section id="capacity" class="wide"></section>`;
  const nav = screen.main.querySelector<HTMLElement>("#sites")!;
  const board = new BoardTile(screen.main.querySelector<HTMLElement>("#board")!, "Beds", screen.live, 180);
  const queue = new BoardTile(screen.main.querySelector<HTMLElement>("#queue")!, "Cleaning and moves", screen.live, 180);
  const selected = (): [string, string | null] => {
    const [site, ward] = decodeURIComponent(location.hash.slice(1)).split("/");
    return [site && sites.includes(site) ? site : (query("site") ?? sites[0] ?? ""), ward ?? null];
  };
  const render = (): void => {
    const [site, wardCode] = selected();
    nav.innerHTML = sites.map((s) => `<a href="#${encodeURIComponent(s)}" class="${s === site ? "active" : ""}" data-site="${escapeHtml(s)}">${escapeHtml(s)}</a>`).join("");
    const data = boards.get(site);
    if (!data) return;
    const ward = wardCode ? data.wards.find((w) => w.code === wardCode) : undefined;
    board.show(ward ? wardBeds(site, ward) : siteFigures(data) + wardGrid(site, data.wards));
    queue.show(cleaningQueue(data.wards));
  };
  for (const site of sites) {
    screen.live.subscribe<BedBoardPayload>(`beds:${site}`, {
      snapshot: (d) => { boards.set(site, d); render(); },
      delta: (d) => { const s = boards.get(site); if (s) applyDelta(s, d, "wards"); render(); },
      refused: (m) => board.refused(m),
    });
  }
  const outlook = screen.detail.subscriptions.filter((t) => t.startsWith("capacity:"));
  if (outlook.length > 0) new CapacityTile(screen.main.querySelector<HTMLElement>("#capacity")!, screen.live, outlook);
  addEventListener("hashchange", render);
  render();
  void screen.live.start();
}
