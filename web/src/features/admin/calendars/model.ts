// Shift-calendar arithmetic and checks: HH:MM <-> minutes, plant-local date/time <-> instants,
// weekly hours, and the field errors of a draft (paths as the server names them, e.g.
// "week/0/1/end_minute", "holidays/2", "overtime/0/end").
import { plantOffsetMinutes } from '../../../lib/time';
import { t } from '../../../i18n';
import type { Calendar, Overtime, Shift } from '../types';

const m = t.admin.cal;
export const DAY_MINUTES = 1440;

// 0..2880 minutes as "HH:MM" (a night shift's end past midnight reads as the next day's time).
export function toHHMM(minute: number): string {
  const v = ((minute % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  const h = Math.floor(v / 60);
  const mm = v % 60;
  if (minute > 0 && v === 0 && minute % DAY_MINUTES === 0 && minute <= DAY_MINUTES) return '24:00';
  return `${String(h).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

// "6:30" / "06:30" / "24:00" -> minutes; null when not a time of day.
export function parseHHMM(text: string): number | null {
  const r = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!r) return null;
  const h = Number(r[1]);
  const mm = Number(r[2]);
  if (mm > 59 || h > 24 || (h === 24 && mm > 0)) return null;
  return h * 60 + mm;
}

// The end minute of a shift whose end is typed as a time of day: at or before the start means
// the next day (a night shift 22:00-06:00 ends at minute 1800).
export function endAfter(start: number, endOfDay: number): number {
  return endOfDay <= start ? endOfDay + DAY_MINUTES : endOfDay;
}

export function shiftMinutes(s: Shift): number {
  const breaks = s.breaks.reduce((sum, b) => sum + Math.max(0, b.end_minute - b.start_minute), 0);
  return Math.max(0, s.end_minute - s.start_minute - breaks);
}

export function weeklyHours(c: Pick<Calendar, 'week'>): number {
  return c.week.flat().reduce((sum, s) => sum + shiftMinutes(s), 0) / 60;
}

// The plant-local date (YYYY-MM-DD) and minute of day of an instant.
export function plantParts(iso: string): { date: string; minute: number } {
  const d = new Date(iso);
  const local = new Date(d.getTime() + plantOffsetMinutes(d) * 60_000);
  return { date: local.toISOString().slice(0, 10), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

// The instant (ISO 8601 UTC, no milliseconds) of plant-local `date` + `minute` (DST-aware).
export function plantInstant(date: string, minute: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d) + minute * 60_000;
  let utc = wall - plantOffsetMinutes(new Date(wall)) * 60_000;
  utc = wall - plantOffsetMinutes(new Date(utc)) * 60_000;
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}

// An overtime entry from its plant-local date and from/to times (to <= from ends next day).
export function overtimeOf(date: string, from: number, to: number, reason: string): Overtime {
  return { start: plantInstant(date, from), end: plantInstant(date, endAfter(from, to)), reason };
}

export const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

// Field errors of a draft; empty when it may be saved.
export function calendarErrors(c: Calendar): Record<string, string> {
  const e: Record<string, string> = {};
  if (c.name.trim() === '') e.name = t.admin.required;
  c.week.forEach((day, d) =>
    day.forEach((s, i) => {
      const p = `week/${d}/${i}`;
      if (s.name.trim() === '') e[`${p}/name`] = t.admin.required;
      if (s.end_minute <= s.start_minute || s.end_minute - s.start_minute > DAY_MINUTES) e[`${p}/end_minute`] = m.endBeforeStart;
      s.breaks.forEach((b, j) => {
        if (b.end_minute <= b.start_minute) e[`${p}/breaks/${j}/end_minute`] = m.endBeforeStart;
        else if (b.start_minute < s.start_minute || b.end_minute > s.end_minute) e[`${p}/breaks/${j}/start_minute`] = m.breakOutside;
      });
    }),
  );
  c.holidays.forEach((h, i) => {
    if (!isDate(h)) e[`holidays/${i}`] = m.dateInvalid;
    else if (c.holidays.indexOf(h) !== i) e[`holidays/${i}`] = m.duplicateHoliday;
  });
  c.overtime.forEach((o, i) => {
    if (!(Date.parse(o.end) > Date.parse(o.start))) e[`overtime/${i}/end`] = m.endBeforeStart;
  });
  return e;
}

// The draft without its version, for "has it changed?".
export function contentOf(c: Calendar): string {
  return JSON.stringify({ name: c.name, week: c.week, holidays: c.holidays, overtime: c.overtime });
}
