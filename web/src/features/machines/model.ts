// Pure helpers of the machine screens: state colours and labels, grouping and filtering of the
// board, part progress, elapsed time, time ranges and the six big losses.
import { t } from '../../i18n';
import { plantDayStart } from '../../lib/time';
import type { Losses, MachineStateName, MachineView } from './types';

export const STATES: readonly MachineStateName[] = ['RUN', 'IDLE', 'PAUSED', 'SETUP', 'DOWN', 'UNKNOWN'];
export const DEPARTMENT_ORDER = ['laser', 'punch', 'forming', 'welding', 'polishing', 'assembly', 'shipping'];

// Fill and text colour per state (text on fill at WCAG AA or better); UNKNOWN is dark and
// striped so it never reads as IDLE grey. The state word is always shown as well.
export const stateStyle: Record<MachineStateName, { bg: string; fg: string; chart: string }> = {
  RUN: { bg: '#1e6b30', fg: '#ffffff', chart: '#2f9e44' },
  IDLE: { bg: '#5c636a', fg: '#ffffff', chart: '#adb5bd' },
  PAUSED: { bg: '#f5b000', fg: '#1a1a1a', chart: '#f59f00' },
  SETUP: { bg: '#1a5a9e', fg: '#ffffff', chart: '#1c7ed6' },
  DOWN: { bg: '#b02525', fg: '#ffffff', chart: '#e03131' },
  UNKNOWN: { bg: '#25292e', fg: '#ffffff', chart: '#343a40' },
};

// A state name from the wire; anything unexpected is UNKNOWN.
export function asState(s: string | null | undefined): MachineStateName {
  return (STATES as readonly string[]).includes(s ?? '') ? (s as MachineStateName) : 'UNKNOWN';
}

export const stateLabel = (s: string) => t.machines.states[asState(s)] ?? s;
export const deptLabel = (d: string | null | undefined) =>
  d ? (t.departments.names[d] ?? d) : t.machines.unassigned;

export interface BoardFilter {
  department: string | null;
  state: string | null;
}

// Machines that pass the filter (null = any).
export function filterMachines(ms: readonly MachineView[], f: BoardFilter): MachineView[] {
  return ms.filter(
    (m) =>
      (f.department === null || (m.department ?? '') === f.department) &&
      (f.state === null || asState(m.state) === f.state),
  );
}

// Machines grouped by department in the shop's flow order (unassigned last), each group sorted
// by machine code.
export function groupByDepartment(ms: readonly MachineView[]): { department: string | null; machines: MachineView[] }[] {
  const groups = new Map<string | null, MachineView[]>();
  for (const m of ms) {
    const key = m.department ?? null;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const rank = (d: string | null) => {
    if (d === null) return 1000;
    const i = DEPARTMENT_ORDER.indexOf(d);
    return i < 0 ? 999 : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || String(a).localeCompare(String(b)))
    .map(([department, list]) => ({
      department,
      machines: [...list].sort((a, b) => a.code.localeCompare(b.code)),
    }));
}

// How many machines are in each state.
export function stateCounts(ms: readonly MachineView[]): Record<MachineStateName, number> {
  const out = { RUN: 0, IDLE: 0, PAUSED: 0, SETUP: 0, DOWN: 0, UNKNOWN: 0 };
  for (const m of ms) out[asState(m.state)] += 1;
  return out;
}

// Percent (0..100, capped) of the planned quantity the machines have counted.
export function progressPct(done: number, planned: number): number {
  if (planned <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((done / planned) * 100)));
}

// Elapsed seconds as a ticking clock: "4:07" (m:ss), "1:04:07" (h:mm:ss), "3 d 4 h".
export function fmtElapsed(seconds: number): string {
  let s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  if (d > 0) return `${d} d ${Math.floor((s - d * 86400) / 3600)} h`;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

// Seconds since an instant (0 when unknown or in the future).
export function secondsSince(iso: string | null | undefined, now: number): number {
  if (!iso) return 0;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, (now - at) / 1000);
}

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)} %`);

// Colour of an OEE figure: world class >= 85 %, fair >= 60 %, else poor (dark enough for text).
export function oeeColor(v: number): string {
  if (v >= 0.85) return '#1e6b30';
  if (v >= 0.6) return '#8a5a00';
  return '#b02525';
}

export type RangeId = '8h' | 'today' | '24h' | '7d';
export const RANGE_IDS: readonly RangeId[] = ['8h', 'today', '24h', '7d'];

// The [from, to) window of a range id ending now; "today" starts at plant-local midnight.
export function rangeWindow(id: RangeId, now: Date): { from: string; to: string } {
  const to = now.getTime();
  const from =
    id === 'today'
      ? plantDayStart(now).getTime()
      : to - (id === '8h' ? 8 : id === '24h' ? 24 : 7 * 24) * 3_600_000;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

export const LOSS_KEYS: readonly (keyof Losses)[] = [
  'equipment_failure_s',
  'setup_s',
  'idling_s',
  'minor_stops_s',
  'reduced_speed_s',
  'defects_s',
];

// The six big losses as [key, seconds], largest first (a pareto), with the cumulative share.
export function pareto(l: Losses): { key: keyof Losses; seconds: number; cumulative: number }[] {
  const rows = LOSS_KEYS.map((key) => ({ key, seconds: l[key] ?? 0 })).sort((a, b) => b.seconds - a.seconds);
  const total = rows.reduce((s, r) => s + r.seconds, 0);
  let run = 0;
  return rows.map((r) => {
    run += r.seconds;
    return { ...r, cumulative: total > 0 ? run / total : 0 };
  });
}

// Sums the losses of several buckets.
export function sumLosses(ls: readonly Losses[]): Losses {
  const out: Losses = {
    equipment_failure_s: 0,
    setup_s: 0,
    idling_s: 0,
    minor_stops_s: 0,
    reduced_speed_s: 0,
    defects_s: 0,
  };
  for (const l of ls) for (const k of LOSS_KEYS) out[k] += l[k] ?? 0;
  return out;
}

// Seconds in each state over [from, to) of a timeline (open intervals end at `to`).
export function timeInStates(
  items: readonly { from: string; to: string | null; state: string }[],
  from: string,
  to: string,
): Record<MachineStateName, number> {
  const out = { RUN: 0, IDLE: 0, PAUSED: 0, SETUP: 0, DOWN: 0, UNKNOWN: 0 };
  const lo = Date.parse(from);
  const hi = Date.parse(to);
  for (const i of items) {
    const a = Math.max(lo, Date.parse(i.from));
    const b = Math.min(hi, i.to ? Date.parse(i.to) : hi);
    if (b > a) out[asState(i.state)] += (b - a) / 1000;
  }
  return out;
}

// Numeric signals worth charting per protocol/department (the first is the default).
export function signalsFor(department: string | null | undefined): string[] {
  switch (department) {
    case 'laser':
      return ['cycle_s', 'speed_override', 'parts_delta'];
    case 'punch':
      return ['strokes_per_minute', 'tonnage', 'cycle_s'];
    case 'welding':
      return ['current', 'voltage', 'wire_feed', 'gas_flow', 'cycle_s'];
    default:
      return ['cycle_s', 'parts_delta', 'speed_override'];
  }
}
