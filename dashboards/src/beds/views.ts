// The bed board's three levels: a site's figures and wards, one ward's beds, and the cleaning queue.
import type { BedBoardPayload, BedCounts, BedView, WardView } from "../shared/contract";
import { escapeHtml, formatDuration, formatPercent } from "../shared/format";
import { bedStatus } from "../shared/status";

export function siteFigures(s: BedBoardPayload): string {
  const c = s.summary;
  const fig = (value: string, label: string, id: string, css = ""): string =>
    `<div><span class="big ${css}" data-testid="${id}">${value}</span><label>${label}</label></div>`;
  return `<div class="figures">
    ${fig(String(c.freeNow), "free now", "free-now")}${fig(String(c.freeAfterMoves), "free after moves", "free-after-moves")}
    ${fig(formatPercent(s.gaOccupancy), `G&amp;A occupancy${s.overThreshold ? " ▲ over " + formatPercent(s.occupancyThreshold) : ""}`, "occupancy", s.overThreshold ? "warn" : "")}
    ${fig(String(c.toClean + c.cleaning), "to clean / cleaning", "cleaning")}
    ${fig(String(c.pendingAdmissions), "pending moves in", "pending")}
    ${fig(String(c.dischargesToday), `discharged today (${c.confirmedDischarges} more confirmed)`, "discharges")}
    ${fig(String(c.stranded), "stranded (7+ days)", "stranded")}${fig(String(c.superStranded), "super-stranded (21+ days)", "super-stranded", c.superStranded ? "warn" : "")}
  </div>`;
}

function bar(c: BedCounts): string {
  const parts: [keyof typeof bedStatus, number][] = [["occupied", c.occupied], ["reserved", c.reserved], ["to_clean", c.toClean],
    ["cleaning", c.cleaning], ["blocked", c.blocked], ["available", c.available]];
  const total = Math.max(1, parts.reduce((n, [, v]) => n + v, 0));
  return `<div class="stack" aria-hidden="true">${parts.filter(([, v]) => v > 0).map(([k, v]) =>
    `<span class="${bedStatus[k].css}" style="width:${(100 * v) / total}%"></span>`).join("")}</div>`;
}

export function wardGrid(site: string, wards: WardView[]): string {
  return `<div class="wards">${[...wards].sort((a, b) => a.code.localeCompare(b.code)).map((w) => `
    <a class="ward" href="#${encodeURIComponent(site)}/${encodeURIComponent(w.code)}" data-ward="${escapeHtml(w.code)}">
      <h3>${escapeHtml(w.name || w.code)} <small>${escapeHtml(w.code)}${w.known ? "" : " · unknown to reference data"}</small></h3>
      ${bar(w.summary)}
      <p><strong data-testid="ward-free">${w.summary.freeNow}</strong> free · ${w.summary.occupied}/${w.summary.open} occupied ·
        ${w.summary.toClean + w.summary.cleaning} cleaning · ${w.summary.pendingAdmissions} in · ${w.summary.confirmedDischarges} out</p>
      ${w.summary.stranded ? `<p class="muted">${w.summary.stranded} stranded, ${w.summary.superStranded} super-stranded</p>` : ""}
    </a>`).join("")}</div>`;
}

function bedCell(b: BedView): string {
  const look = bedStatus[b.status];
  const los = b.losBand === "super_stranded" ? "◆◆ 21+ d" : b.losBand === "stranded" ? "◆ 7+ d" : "";
  return `<li class="bed ${look.css}" data-bed="${escapeHtml(b.code)}" data-status="${b.status}">
    <strong>${escapeHtml(b.code)}</strong><span class="bed-status">${look.shape} ${look.label}</span>
    <span class="small">${b.minutesInStatus === null ? "" : formatDuration(b.minutesInStatus * 60)}${b.dischargeStatus ? ` · discharge ${b.dischargeStatus}` : ""}</span>
    ${los ? `<span class="small los">${los}</span>` : ""}${b.escalation ? `<span class="small">escalation bed</span>` : ""}</li>`;
}

export function wardBeds(site: string, ward: WardView): string {
  return `<p><a href="#${encodeURIComponent(site)}">← ${escapeHtml(site)}</a></p>
    <h2>${escapeHtml(ward.name || ward.code)}</h2>${bar(ward.summary)}
    <ul class="legend">${Object.values(bedStatus).map((s) => `<li class="${s.css}">${s.shape} ${s.label}</li>`).join("")}</ul>
    <ul class="beds">${[...ward.beds].sort((a, b) => a.code.localeCompare(b.code, "en", { numeric: true })).map(bedCell).join("")}</ul>`;
}

export function cleaningQueue(wards: WardView[]): string {
  const queue = wards.flatMap((w) => w.beds.filter((b) => b.status === "to_clean" || b.status === "cleaning").map((b) => ({ w, b })))
    .sort((x, y) => (y.b.minutesInStatus ?? 0) - (x.b.minutesInStatus ?? 0));
  const moves = wards.flatMap((w) => w.beds.filter((b) => b.status === "reserved").map((b) => ({ w, b })));
  return `<h3>Cleaning queue (${queue.length})</h3>${queue.length === 0 ? `<p class="calm">○ Nothing waiting</p>` : `<ol class="queue">${queue.slice(0, 15).map(({ w, b }) =>
    `<li data-testid="cleaning-item"><span>${bedStatus[b.status].shape} ${escapeHtml(w.code)} ${escapeHtml(b.code)}</span><span>${bedStatus[b.status].label}</span>
    <span class="num">${formatDuration((b.minutesInStatus ?? 0) * 60)}</span></li>`).join("")}</ol>`}
    <h3>Pending moves (${moves.length} reserved)</h3>${moves.length === 0 ? `<p class="muted">None reserved</p>` : `<ol class="queue">${moves.slice(0, 15).map(({ w, b }) =>
    `<li><span>◆ ${escapeHtml(w.code)} ${escapeHtml(b.code)}</span><span>${escapeHtml(b.reason ?? "reserved")}</span><span class="num">${formatDuration((b.minutesInStatus ?? 0) * 60)}</span></li>`).join("")}</ol>`}`;
}
