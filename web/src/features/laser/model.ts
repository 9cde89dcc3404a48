// Pure shaping of the Sigmanest screens' data (tested in model.test.ts).
import type { EfficiencyRow, LaserQueueEntry } from './types';

export interface LaserGroup {
  workCenterId: number | null;
  code: string;
  entries: LaserQueueEntry[];
  estSeconds: number;
}

// The queue grouped per laser in the server's order (assigned lasers by code, unassigned last);
// entries keep their queue order.
export function groupByLaser(entries: readonly LaserQueueEntry[]): LaserGroup[] {
  const groups = new Map<string, LaserGroup>();
  for (const e of entries) {
    const key = e.nest.work_center_id === null ? '' : String(e.nest.work_center_id);
    let g = groups.get(key);
    if (!g) {
      g = { workCenterId: e.nest.work_center_id, code: e.work_center_code, entries: [], estSeconds: 0 };
      groups.set(key, g);
    }
    g.entries.push(e);
    g.estSeconds += Math.max(0, e.nest.cut_seconds_est - e.nest.cut_seconds_actual);
  }
  const out = [...groups.values()];
  return [...out.filter((g) => g.workCenterId !== null), ...out.filter((g) => g.workCenterId === null)];
}

// "stainless_304 1.5" -> series name shown in the chart and table.
export function materialKey(r: Pick<EfficiencyRow, 'material' | 'thickness_mm'>): string {
  return `${r.material.replace(/_/g, ' ')} ${r.thickness_mm} mm`;
}

export interface EfficiencySeries {
  days: string[];
  series: { name: string; values: (number | null)[] }[];
  overall: number | null; // sheet-weighted mean over every row
}

// Every day from `from` to `to` (inclusive, "YYYY-MM-DD").
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 400; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

// Utilisation per day (x) and material/thickness (one series each), null on days without cuts;
// the overall figure weights each row by its sheets.
export function efficiencySeries(rows: readonly EfficiencyRow[], from: string, to: string): EfficiencySeries {
  const days = daysBetween(from, to);
  const index = new Map(days.map((d, i) => [d, i]));
  const byKey = new Map<string, (number | null)[]>();
  let weighted = 0;
  let sheets = 0;
  for (const r of rows) {
    const key = materialKey(r);
    let values = byKey.get(key);
    if (!values) {
      values = days.map(() => null);
      byKey.set(key, values);
    }
    const i = index.get(r.day);
    if (i !== undefined) values[i] = r.utilisation;
    weighted += r.utilisation * r.sheets;
    sheets += r.sheets;
  }
  const series = [...byKey.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, values]) => ({ name, values }));
  return { days, series, overall: sheets > 0 ? weighted / sheets : null };
}

// "82 %" from a ratio.
export function pct(v: number): string {
  return `${Math.round(v * 100)} %`;
}

// Colour of a utilisation against the goals: below 75 % red, below 85 % amber, else green.
export function utilisationColor(v: number, goalNow = 0.75, goalTarget = 0.85): string {
  if (v < goalNow) return 'red';
  if (v < goalTarget) return 'yellow';
  return 'green';
}

// The plant-local day `days - 1` days before `today` and today, as "YYYY-MM-DD".
export function lastDays(today: string, days: number): { from: string; to: string } {
  const t = Date.parse(`${today}T00:00:00Z`) - (days - 1) * 86_400_000;
  return { from: new Date(t).toISOString().slice(0, 10), to: today };
}
