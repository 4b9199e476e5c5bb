// Times and numbers as the trust reads them: UK local time, plain durations.

const ukTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", second: "2-digit" });
const ukDate = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short" });
const number = new Intl.NumberFormat("en-GB");

export function formatNumber(value: number): string {
  return number.format(value);
}

/** "14:05:09" today, "3 Mar 14:05:09" on another day (UK local time). */
export function formatInstant(iso: string | null, now: Date = new Date()): string {
  if (!iso) return "–";
  const at = new Date(iso);
  const sameDay = ukDate.format(at) === ukDate.format(now);
  return sameDay ? ukTime.format(at) : `${ukDate.format(at)} ${ukTime.format(at)}`;
}

/** "45 s", "12 min", "3 h 20 min", "2 d 4 h". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "–";
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export type Freshness = "fresh" | "delayed" | "stale" | "none";

/** How recent a feed's last delivery is: fresh under 2 minutes, delayed under 15, stale after. */
export function freshness(lastReceivedIso: string | null, now: Date = new Date()): Freshness {
  if (!lastReceivedIso) return "none";
  const age = (now.getTime() - new Date(lastReceivedIso).getTime()) / 1000;
  if (age < 120) return "fresh";
  if (age < 900) return "delayed";
  return "stale";
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}
