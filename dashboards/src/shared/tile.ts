// A wallboard tile: a head with its title and a freshness badge, a body its subclass renders. A tile is stale when
// the hub connection is down or its topic has sent nothing for longer than the feed's usual interval; it then
// greys out with the word "stale" and how old its data is, so nobody acts on a frozen number.
import { escapeHtml, formatDuration, formatInstant } from "./format";
import type { LiveClient } from "./live";
import { everySecond } from "./page";

export abstract class Tile {
  protected readonly body: HTMLElement;
  private readonly badge: HTMLElement;
  private updatedAt: Date | null = null;
  private refusal: string | null = null;

  constructor(readonly element: HTMLElement, title: string, private readonly live: LiveClient | null, private readonly staleAfterSeconds: number) {
    element.classList.add("tile");
    element.innerHTML = `<header class="tile-head"><h2>${escapeHtml(title)}</h2><span class="badge none" data-testid="freshness">waiting</span></header><div class="tile-body"></div>`;
    this.badge = element.querySelector<HTMLElement>("[data-testid=freshness]")!;
    this.body = element.querySelector<HTMLElement>(".tile-body")!;
    everySecond((now) => this.showFreshness(now));
  }

  /** Call after applying a snapshot or delta (or a fetch); `dataAt` is when the data itself was computed, if known. */
  protected touched(dataAt: Date | null = null): void {
    this.updatedAt = dataAt ?? new Date();
    this.refusal = null;
    this.showFreshness(new Date());
  }

  refused(message: string): void {
    this.refusal = message;
    this.body.innerHTML = `<p class="message error">${escapeHtml(message)}</p>`;
    this.showFreshness(new Date());
  }

  private showFreshness(now: Date): void {
    let state: "fresh" | "stale" | "none";
    let text: string;
    if (this.refusal) [state, text] = ["stale", "refused"];
    else if (!this.updatedAt) [state, text] = ["none", "waiting"];
    else {
      const age = (now.getTime() - this.updatedAt.getTime()) / 1000;
      const offline = this.live !== null && this.live.status !== "live";
      state = offline || age > this.staleAfterSeconds ? "stale" : "fresh";
      text = state === "fresh" ? `live · ${formatInstant(this.updatedAt.toISOString(), now).slice(0, 5)}` : `stale · ${formatDuration(age)} old`;
    }
    if (this.badge.textContent !== text) this.badge.textContent = text;
    this.badge.className = `badge ${state}`;
    this.element.classList.toggle("is-stale", state === "stale");
  }
}
