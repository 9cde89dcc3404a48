// Dates and times shown in the plant's time zone (not the browser's): a planner at home and a
// terminal on the floor read the same wall-clock times. The zone comes from the server
// (/auth/me plant_time_zone); until known, the browser's zone is used.

let plantZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone;
const formatters = new Map<string, Intl.DateTimeFormat>();

export function setPlantZone(zone: string | undefined): void {
  if (!zone || zone === plantZone) return;
  plantZone = zone;
  formatters.clear();
}

export function getPlantZone(): string {
  return plantZone;
}

function formatter(kind: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(kind);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: plantZone });
    formatters.set(kind, f);
  }
  return f;
}

type When = string | number | Date | null | undefined;

function toDate(v: When): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

// "Mon 30 Nov, 14:05" in the plant zone; "—" for nothing.
export function fmtDateTime(v: When): string {
  const d = toDate(v);
  if (!d) return '—';
  return formatter('dt', {
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

// "30 Nov 2026" in the plant zone.
export function fmtDate(v: When): string {
  const d = toDate(v);
  if (!d) return '—';
  return formatter('d', { day: '2-digit', month: 'short', year: 'numeric' }).format(d);
}

// "14:05" in the plant zone.
export function fmtTime(v: When): string {
  const d = toDate(v);
  if (!d) return '—';
  return formatter('t', { hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

// A duration in seconds as "2 d 3 h", "3 h 20 min" or "45 min" (sign kept).
export function fmtDuration(seconds: number): string {
  const sign = seconds < 0 ? '−' : '';
  let s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  if (d > 0) return `${sign}${d} d ${h} h`;
  if (h > 0) return `${sign}${h} h ${m} min`;
  return `${sign}${m} min`;
}

// The UTC offset in minutes of the plant zone at instant `d` (for timeline axes).
export function plantOffsetMinutes(d: Date): number {
  const parts = formatter('off', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((asUtc - d.getTime()) / 60000);
}

// Midnight of the plant-local day containing `d`, as an instant.
export function plantDayStart(d: Date): Date {
  const off = plantOffsetMinutes(d);
  const local = new Date(d.getTime() + off * 60000);
  local.setUTCHours(0, 0, 0, 0);
  return new Date(local.getTime() - plantOffsetMinutes(local) * 60000);
}
