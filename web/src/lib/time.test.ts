import { describe, expect, it } from 'vitest';
import { fmtDuration, fmtTime, plantDayStart, plantOffsetMinutes, setPlantZone } from './time';

describe('plant time', () => {
  it('formats in the plant zone, DST included', () => {
    setPlantZone('America/New_York');
    expect(fmtTime('2026-11-30T14:05:00Z')).toBe('09:05');
    expect(plantOffsetMinutes(new Date('2026-07-01T12:00:00Z'))).toBe(-240);
    expect(plantOffsetMinutes(new Date('2026-12-01T12:00:00Z'))).toBe(-300);
    expect(plantDayStart(new Date('2026-11-30T03:00:00Z')).toISOString()).toBe('2026-11-29T05:00:00.000Z');
  });

  it('shows durations for people', () => {
    expect(fmtDuration(45 * 60)).toBe('45 min');
    expect(fmtDuration(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    expect(fmtDuration(-(2 * 86400 + 3 * 3600))).toBe('−2 d 3 h');
  });
});
