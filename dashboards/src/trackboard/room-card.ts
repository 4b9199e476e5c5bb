// One theatre room: status (word, shape and colour), session, current case and milestone with a running clock,
// overrun, and today's list with its progress. Procedures only: no patient is ever named.
import type { CaseView, RoomView } from "../shared/contract";
import { escapeHtml, formatClock, formatElapsed } from "../shared/format";
import { milestoneLabel, roomStatus } from "../shared/status";

const caseMark: Record<CaseView["state"], string> = { done: "✓", in_progress: "●", scheduled: "○", cancelled: "✕" };

export function roomCard(room: RoomView, now: Date): string {
  const look = roomStatus(room.status);
  const session = room.sessions.find((s) => s.listId === room.currentListId) ?? room.sessions[0] ?? null;
  const cases = session ? session.cases : room.unscheduledCases;
  const done = cases.filter((c) => c.state === "done").length;
  const planned = cases.filter((c) => c.state !== "cancelled").length;
  const current = room.currentCase;
  const callout = room.status === "ready_to_clean" || room.status === "prepare_to_clean"
    ? `<div class="callout-banner ${look.css}" data-testid="clean-callout">${look.shape} ${look.label.toUpperCase()}</div>` : "";
  return `
    <header><h2>${escapeHtml(room.name || room.code)}</h2>
      <span class="status ${look.css}" data-testid="room-status">${look.shape} ${look.label}</span></header>
    ${callout}
    <p class="session">${session ? `${escapeHtml(session.specialty ?? "–")} · ${escapeHtml(session.session ?? "")} ${formatClock(session.start)}–${formatClock(session.end)}` : "No list today"}</p>
    <div class="current">
      <div class="procedure" data-testid="procedure">${current ? escapeHtml(current.procedure ?? "Procedure not given") : "No case in progress"}</div>
      <div class="milestone"><span data-testid="milestone">${milestoneLabel(room.currentMilestone)}</span>
        <span class="clock-run" data-since="${escapeHtml(room.milestoneAt ?? room.statusSince ?? "")}">${formatElapsed(room.milestoneAt ?? room.statusSince, now)}</span></div>
      ${room.overrunning ? `<div class="overrun" data-testid="overrun">▲ ${(room.overrunMinutes ?? 0) >= 1 ? `Overrunning by ${room.overrunMinutes} min` : "Overrunning"}</div>`
        : room.expectedFinish ? `<div class="muted">Expected finish ${formatClock(room.expectedFinish)}</div>` : ""}
    </div>
    <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="${planned}" aria-valuenow="${done}">
      <span style="width:${planned ? (100 * done) / planned : 0}%"></span></div>
    <p class="muted small">${done} of ${planned} cases done</p>
    <ol class="cases">${cases.map((c) => `<li class="case ${c.state}"><span class="mark">${caseMark[c.state]}</span>
      <span>${formatClock(c.plannedStart)}</span><span class="proc">${escapeHtml(c.procedure ?? "–")}</span></li>`).join("")}</ol>`;
}
