// Every status as a word and a shape as well as a colour (WCAG 1.4.1), one vocabulary for all screens.
import type { BedView, RoomView } from "./contract";

export interface StatusLook { label: string; shape: string; css: string }

export const bedStatus: Record<BedView["status"], StatusLook> = {
  available: { label: "Free", shape: "○", css: "st-free" },
  occupied: { label: "Occupied", shape: "●", css: "st-occupied" },
  reserved: { label: "Reserved", shape: "◆", css: "st-reserved" },
  to_clean: { label: "To clean", shape: "▲", css: "st-clean" },
  cleaning: { label: "Cleaning", shape: "◐", css: "st-cleaning" },
  blocked: { label: "Blocked", shape: "✕", css: "st-blocked" },
  closed: { label: "Closed", shape: "■", css: "st-closed" },
};

export function roomStatus(status: RoomView["status"]): StatusLook {
  switch (status) {
    case "ready": return { label: "Ready", shape: "○", css: "st-free" };
    case "in_use": return { label: "In use", shape: "●", css: "st-occupied" };
    case "prepare_to_clean": return { label: "Prepare to clean", shape: "△", css: "st-prepare" };
    case "ready_to_clean": return { label: "Ready to clean", shape: "▲", css: "st-clean" };
    case "cleaning": return { label: "Cleaning", shape: "◐", css: "st-cleaning" };
    default: return { label: "Closed", shape: "■", css: "st-closed" };
  }
}

export function opelLook(level: 1 | 2 | 3 | 4 | null): StatusLook {
  return level === null
    ? { label: "OPEL –", shape: "", css: "opel-none" }
    : { label: `OPEL ${level}`, shape: "", css: `opel-${level}` };
}

/** Milestone codes as the theatre team says them. */
export function milestoneLabel(code: string | null): string {
  return code ? code.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()) : "–";
}
