import { afterEach, describe, expect, it } from 'vitest';
import { setPlantZone } from '../../../lib/time';
import type { Calendar } from '../types';
import { calendarErrors, endAfter, overtimeOf, parseHHMM, plantInstant, plantParts, toHHMM, weeklyHours } from './model';
import { weekSegments } from './WeekGrid';

const shift = (name: string, start: number, end: number, breaks: [number, number][] = []) => ({
  name,
  start_minute: start,
  end_minute: end,
  breaks: breaks.map(([s, e]) => ({ start_minute: s, end_minute: e })),
});
const cal = (over: Partial<Calendar> = {}): Calendar => ({
  id: 1,
  name: 'Two shifts',
  week: [[shift('early', 360, 870, [[600, 630]])], [], [], [], [], [], []],
  holidays: [],
  overtime: [],
  version: 3,
  ...over,
});

describe('HH:MM', () => {
  it('parses times of day, 24:00 included, and refuses the rest', () => {
    expect(parseHHMM('06:30')).toBe(390);
    expect(parseHHMM('6:30')).toBe(390);
    expect(parseHHMM('24:00')).toBe(1440);
    expect(parseHHMM('24:01')).toBeNull();
    expect(parseHHMM('12:60')).toBeNull();
    expect(parseHHMM('0630')).toBeNull();
  });
  it('formats minutes, the end of day as 24:00 and a next-morning end as its time', () => {
    expect(toHHMM(390)).toBe('06:30');
    expect(toHHMM(1440)).toBe('24:00');
    expect(toHHMM(1800)).toBe('06:00');
  });
  it('an end at or before the start is the next morning', () => {
    expect(endAfter(1320, 360)).toBe(1800);
    expect(endAfter(360, 870)).toBe(870);
  });
});

describe('week', () => {
  it('counts working hours without breaks', () => {
    expect(weeklyHours(cal())).toBeCloseTo(8);
  });
  it('draws a night shift on its day and the next morning (Sunday wraps to Monday)', () => {
    const week = [[], [], [], [], [], [], [shift('night', 1320, 1800, [[1500, 1530]])]];
    const rows = weekSegments(week);
    expect(rows[6]).toEqual([{ start: 1320, end: 1440, kind: 'shift', label: 'night 22:00–06:00' }]);
    expect(rows[0]!.map((s) => [s.kind, s.start, s.end])).toEqual([
      ['shift', 0, 360],
      ['break', 60, 90],
    ]);
  });
});

describe('plant time', () => {
  afterEach(() => setPlantZone('UTC'));
  it('maps plant-local date + minute to instants across the DST change', () => {
    setPlantZone('Europe/Berlin');
    expect(plantInstant('2027-01-15', 360)).toBe('2027-01-15T05:00:00Z');
    expect(plantInstant('2027-07-15', 360)).toBe('2027-07-15T04:00:00Z');
    expect(plantParts('2027-07-15T04:00:00Z')).toEqual({ date: '2027-07-15', minute: 360 });
    // 22:00 to 02:00 into the spring-forward night: 02:00 CET does not exist, it is 01:00Z.
    expect(overtimeOf('2027-03-27', 1320, 120, 'night')).toEqual({
      start: '2027-03-27T21:00:00Z',
      end: '2027-03-28T01:00:00Z',
      reason: 'night',
    });
  });
});

describe('calendarErrors', () => {
  it('accepts a valid calendar', () => {
    expect(calendarErrors(cal())).toEqual({});
  });
  it('names each bad field by its path', () => {
    const bad = cal({
      name: ' ',
      week: [[shift('', 600, 600, [[500, 530]])], [], [], [], [], [], []],
      holidays: ['2027-01-01', 'nope', '2027-01-01'],
      overtime: [{ start: '2027-01-02T10:00:00Z', end: '2027-01-02T09:00:00Z' }],
    });
    expect(Object.keys(calendarErrors(bad)).sort()).toEqual([
      'holidays/1',
      'holidays/2',
      'name',
      'overtime/0/end',
      'week/0/0/breaks/0/start_minute',
      'week/0/0/end_minute',
      'week/0/0/name',
    ]);
  });
});
