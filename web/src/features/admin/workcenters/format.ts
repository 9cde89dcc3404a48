// How work-center facts read in the table.
import { t } from '../../../i18n';
import type { Capabilities, WorkCenterStatus } from '../types';

export const statusColor: Record<WorkCenterStatus, string> = {
  available: 'teal',
  down: 'red',
  maintenance: 'yellow',
};

// Badge colours with enough contrast for their text (WCAG AA, also on a hovered table row:
// teal-9 is just below 4.5:1 there, hence a darker teal).
export const statusShade: Record<WorkCenterStatus, string> = {
  available: '#05634a',
  down: 'red.9',
  maintenance: 'yellow.5',
};

export function statusLabel(s: string): string {
  return t.admin.wc.statuses[s] ?? s;
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

// "laser_cut · ≤ 20 mm · 3000 × 1500 mm · 100 t" (limits of 0 are "no limit" and left out).
export function capabilitySummary(c: Capabilities): string {
  const parts: string[] = [c.processes.join(', ')];
  if (c.max_thickness_mm > 0) parts.push(`≤ ${num(c.max_thickness_mm)} mm`);
  if (c.max_sheet_length_mm > 0 && c.max_sheet_width_mm > 0) {
    parts.push(`${num(c.max_sheet_length_mm)} × ${num(c.max_sheet_width_mm)} mm`);
  } else if (c.max_sheet_length_mm > 0) {
    parts.push(`${num(c.max_sheet_length_mm)} mm long`);
  }
  if (c.tonnage > 0) parts.push(`${num(c.tonnage)} t`);
  if (c.materials.length > 0) parts.push(c.materials.join(', '));
  return parts.filter((p) => p !== '').join(' · ');
}

// Cost rate in currency units per hour with two decimals ("165.00").
export function fmtRate(centsPerHour: number): string {
  return (centsPerHour / 100).toFixed(2);
}
