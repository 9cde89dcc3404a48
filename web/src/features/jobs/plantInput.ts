// Plant wall-clock values for <input type="datetime-local"> / type="date": what a planner types
// is plant time (not the browser's zone), converted to and from UTC instants via lib/time.
import { plantOffsetMinutes } from '../../lib/time';

// "2026-12-05T15:00" (plant time) for an instant; '' for none.
export function toPlantInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const local = new Date(d.getTime() + plantOffsetMinutes(d) * 60000);
  return local.toISOString().slice(0, 16);
}

// The UTC instant ("…Z") of a plant wall-clock "YYYY-MM-DDTHH:mm" or "YYYY-MM-DD" (midnight);
// null when empty or malformed.
export function fromPlantInput(wall: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(wall.trim());
  if (!m) return null;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0));
  if (Number.isNaN(asUtc)) return null;
  // The offset at the guessed instant, corrected once for a DST change in between.
  let t = asUtc - plantOffsetMinutes(new Date(asUtc)) * 60000;
  t = asUtc - plantOffsetMinutes(new Date(t)) * 60000;
  return new Date(t).toISOString().replace('.000Z', 'Z');
}
