// Times and numbers as the trust reads them: UK local time, plain durations.
import type { Forecast } from "./contract";

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

export function formatPercent(value: number | null, digits = 0): string {
  return value === null || !Number.isFinite(value) ? "–" : `${(value * 100).toFixed(digits)}%`;
}

/** A KPI value in its unit: percent as 93.4%, minutes as 42 min. */
export function formatUnit(value: number | null, unit: string | null): string {
  if (value === null || !Number.isFinite(value)) return "–";
  switch (unit) {
    case "percent": return `${(value * 100).toFixed(1)}%`;
    case "minutes": return `${value.toFixed(value < 10 ? 1 : 0)} min`;
    case "hours": return `${value.toFixed(1)} h`;
    case "days": return `${value.toFixed(1)} days`;
    default: return number.format(Math.round(value * 10) / 10);
  }
}

/** "12:04" (UK local) from an ISO instant. */
export function formatClock(iso: string | null): string {
  if (!iso) return "–";
  return new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** "mm:ss" or "h:mm:ss" since an instant: the running clock of a milestone. */
export function formatElapsed(fromIso: string | null, now: Date): string {
  if (!fromIso) return "–";
  const s = Math.max(0, Math.floor((now.getTime() - new Date(fromIso).getTime()) / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const two = (n: number): string => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}

/** "MASE 0.70 vs naive 0.99", or that the model was not backtested (too short a history). */
export function backtestText(f: Forecast): string {
  const { mase, baseline } = f.backtest;
  return mase == null ? "not backtested (short history)" : `MASE ${mase.toFixed(2)}${baseline == null ? "" : ` vs naive ${baseline.toFixed(2)}`}`;
}
