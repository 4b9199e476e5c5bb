// The executive summary: every KPI placed by its variation icon (rows) and assurance icon (columns), then the list.
import type { Assurance, KpiTilePayload, Variation } from "../shared/contract";
import { escapeHtml, formatUnit } from "../shared/format";
import { assuranceIcon, assuranceLabel, sparkline, variationIcon } from "../shared/mdc";

const rows: { label: string; variations: Variation[]; icon: Variation }[] = [
  { label: "Improvement", variations: ["improvement_high", "improvement_low"], icon: "improvement_high" },
  { label: "Common cause", variations: ["common_cause"], icon: "common_cause" },
  { label: "Concern", variations: ["concern_high", "concern_low"], icon: "concern_high" },
  { label: "Neither", variations: ["neutral_high", "neutral_low"], icon: "neutral_high" },
];
const columns: (Assurance | null)[] = ["pass", "inconsistent", "fail", null];

const chip = (k: KpiTilePayload): string =>
  `<button class="chip" data-kpi="${escapeHtml(k.kpiId)}" title="${escapeHtml(k.narrative)}">${escapeHtml(k.name ?? k.kpiId)}</button>`;

export function matrix(kpis: KpiTilePayload[]): string {
  return `<table class="matrix" data-testid="matrix"><thead><tr><th>Variation \\ Assurance</th>${columns.map((a) =>
    `<th>${assuranceIcon(a, 36)}<span>${a ? assuranceLabel[a] : "No target"}</span></th>`).join("")}</tr></thead><tbody>${rows.map((r) => `
    <tr><th>${variationIcon(r.icon, 36)}<span>${r.label}</span></th>${columns.map((a) => `<td>${kpis
      .filter((k) => k.variation !== null && r.variations.includes(k.variation) && k.assurance === a).map(chip).join("")}</td>`).join("")}</tr>`).join("")}
    </tbody></table>
    ${kpis.some((k) => k.variation === null) ? `<p class="muted">Not enough data yet: ${kpis.filter((k) => k.variation === null).map(chip).join("")}</p>` : ""}`;
}

export function list(kpis: KpiTilePayload[]): string {
  return `<table class="kpi-list"><thead><tr><th>KPI</th><th class="num">Latest</th><th>Variation</th><th>Assurance</th><th>Last 12</th><th>Narrative</th></tr></thead>
    <tbody>${kpis.map((k) => `<tr data-kpi-row="${escapeHtml(k.kpiId)}"><td>${chip(k)}</td><td class="num">${formatUnit(k.latestValue, k.unit)}</td>
    <td>${variationIcon(k.variation, 32)}</td><td>${assuranceIcon(k.assurance, 32)}</td><td>${sparkline(k.sparkline, 160, 36)}</td>
    <td class="narrative">${escapeHtml(k.narrative)}</td></tr>`).join("")}</tbody></table>`;
}
