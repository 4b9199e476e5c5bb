// NHS England "Making Data Count" icons as inline SVG: variation (a circle with H or L, or the common-cause
// dots) and assurance (P, F or ?). Colours are MDC's: common cause #a6a6a6, improvement #00b0f0, concern #e46c0a,
// neutral #490092; assurance pass #00b0f0, fail #e46c0a, inconsistent #a6a6a6. Every icon carries its meaning as
// a letter and a title, never colour alone.
import type { Assurance, Variation } from "./contract";

const colours = { common: "#a6a6a6", improvement: "#00b0f0", concern: "#e46c0a", neutral: "#490092" };

export const variationLabel: Record<Variation, string> = {
  common_cause: "Common cause variation",
  improvement_high: "Special cause: improvement, higher",
  improvement_low: "Special cause: improvement, lower",
  concern_high: "Special cause: concern, higher",
  concern_low: "Special cause: concern, lower",
  neutral_high: "Special cause: neither, higher",
  neutral_low: "Special cause: neither, lower",
};

export const assuranceLabel: Record<Assurance, string> = {
  pass: "Consistently passes the target",
  fail: "Consistently fails the target",
  inconsistent: "Hit and miss against the target",
};

function circle(colour: string, letter: string, title: string, size: number, dots = ""): string {
  return `<svg class="mdc" width="${size}" height="${size}" viewBox="0 0 40 40" role="img" aria-label="${title}"><title>${title}</title>
    <circle cx="20" cy="20" r="18" fill="#fff" stroke="${colour}" stroke-width="3"/>${dots}
    <text x="20" y="21" text-anchor="middle" dominant-baseline="middle" font-size="17" font-weight="700" fill="${colour}" font-family="Arial, sans-serif">${letter}</text></svg>`;
}

export function variationIcon(variation: Variation | null, size = 40): string {
  if (!variation) return circle(colours.common, "–", "Not enough data for SPC", size);
  const title = variationLabel[variation];
  if (variation === "common_cause") {
    const dots = [8, 14, 20, 26, 32].map((x, i) => `<circle cx="${x}" cy="${i % 2 ? 30 : 27}" r="2" fill="${colours.common}"/>`).join("");
    return circle(colours.common, "~", title, size, dots);
  }
  const [kind, side] = variation.split("_") as ["improvement" | "concern" | "neutral", "high" | "low"];
  return circle(colours[kind], side === "high" ? "H" : "L", title, size);
}

export function assuranceIcon(assurance: Assurance | null, size = 40): string {
  if (!assurance) return circle(colours.common, "·", "No target to assure against", size);
  const [colour, letter] = assurance === "pass" ? [colours.improvement, "P"] : assurance === "fail" ? [colours.concern, "F"] : [colours.common, "?"];
  return circle(colour, letter, assuranceLabel[assurance], size);
}

export const pointColour: Record<string, string> = {
  common_cause: colours.common,
  special_cause_improvement: colours.improvement,
  special_cause_concern: colours.concern,
  special_cause_neutral_high: colours.neutral,
  special_cause_neutral_low: colours.neutral,
};

/** A small SVG sparkline, points coloured by MDC point type. */
export function sparkline(values: { value: number; pointType: string }[], width = 220, height = 48): string {
  if (values.length < 2) return `<svg width="${width}" height="${height}"></svg>`;
  const ys = values.map((v) => v.value);
  const min = Math.min(...ys), max = Math.max(...ys), span = max - min || 1;
  const x = (i: number): number => 4 + (i * (width - 8)) / (values.length - 1);
  const y = (v: number): number => height - 4 - ((v - min) * (height - 8)) / span;
  const path = values.map((v, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(v.value).toFixed(1)}`).join("");
  const dots = values.map((v, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(v.value).toFixed(1)}" r="3" fill="${pointColour[v.pointType] ?? colours.common}"/>`).join("");
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-hidden="true"><path d="${path}" fill="none" stroke="#c9d3dc" stroke-width="1.5"/>${dots}</svg>`;
}
