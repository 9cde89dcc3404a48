import { describe, expect, it } from 'vitest';
import { setPlantZone } from '../../lib/time';
import { machineView } from './fixtures';
import {
  asState,
  filterMachines,
  fmtElapsed,
  groupByDepartment,
  pareto,
  progressPct,
  rangeWindow,
  secondsSince,
  stateCounts,
  sumLosses,
  timeInStates,
} from './model';

const fleet = [
  machineView({ id: 1, code: 'WLD-2', department: 'welding', state: 'RUN' }),
  machineView({ id: 2, code: 'LAS-2', department: 'laser', state: 'DOWN' }),
  machineView({ id: 3, code: 'LAS-1', department: 'laser', state: 'RUN' }),
  machineView({ id: 4, code: 'SCAN-1', department: null, state: 'IDLE' }),
  machineView({ id: 5, code: 'PUN-1', department: 'punch', state: 'bogus' as never }),
];

describe('board grouping and filters', () => {
  it('groups by department in shop flow order, unassigned last, codes sorted', () => {
    const g = groupByDepartment(fleet);
    expect(g.map((x) => x.department)).toEqual(['laser', 'punch', 'welding', null]);
    expect(g[0]?.machines.map((x) => x.code)).toEqual(['LAS-1', 'LAS-2']);
  });

  it('filters by department and state; unknown wire states count as UNKNOWN', () => {
    expect(filterMachines(fleet, { department: 'laser', state: null }).map((x) => x.id)).toEqual([2, 3]);
    expect(filterMachines(fleet, { department: null, state: 'RUN' }).map((x) => x.id)).toEqual([1, 3]);
    expect(filterMachines(fleet, { department: null, state: 'UNKNOWN' }).map((x) => x.id)).toEqual([5]);
    expect(stateCounts(fleet)).toEqual({ RUN: 2, IDLE: 1, PAUSED: 0, SETUP: 0, DOWN: 1, UNKNOWN: 1 });
    expect(asState(undefined)).toBe('UNKNOWN');
  });
});

describe('formatting', () => {
  it('shows time in state as a ticking clock', () => {
    expect(fmtElapsed(7)).toBe('0:07');
    expect(fmtElapsed(247)).toBe('4:07');
    expect(fmtElapsed(3847)).toBe('1:04:07');
    expect(fmtElapsed(3 * 86400 + 4 * 3600 + 5)).toBe('3 d 4 h');
    expect(fmtElapsed(-5)).toBe('0:00');
    expect(secondsSince('2026-11-29T10:00:00Z', Date.parse('2026-11-29T10:01:30Z'))).toBe(90);
    expect(secondsSince(null, 0)).toBe(0);
  });

  it('caps part progress to 0..100 and handles no plan', () => {
    expect(progressPct(5, 20)).toBe(25);
    expect(progressPct(30, 20)).toBe(100);
    expect(progressPct(3, 0)).toBe(0);
  });
});

describe('ranges and timelines', () => {
  it('"today" starts at plant midnight; fixed ranges end now', () => {
    setPlantZone('Europe/Berlin');
    const now = new Date('2026-11-29T10:30:00Z');
    expect(rangeWindow('today', now)).toEqual({ from: '2026-11-28T23:00:00.000Z', to: '2026-11-29T10:30:00.000Z' });
    expect(rangeWindow('8h', now).from).toBe('2026-11-29T02:30:00.000Z');
  });

  it('sums time per state clipped to the window, the open interval up to its end', () => {
    const items = [
      { from: '2026-11-29T07:00:00Z', to: '2026-11-29T08:30:00Z', state: 'RUN' },
      { from: '2026-11-29T08:30:00Z', to: '2026-11-29T09:00:00Z', state: 'DOWN' },
      { from: '2026-11-29T09:00:00Z', to: null, state: 'IDLE' },
    ];
    const s = timeInStates(items, '2026-11-29T08:00:00Z', '2026-11-29T10:00:00Z');
    expect(s.RUN).toBe(1800);
    expect(s.DOWN).toBe(1800);
    expect(s.IDLE).toBe(3600);
  });
});

describe('losses', () => {
  it('orders the six big losses largest first with the cumulative share', () => {
    const l = { equipment_failure_s: 600, setup_s: 300, idling_s: 0, minor_stops_s: 100, reduced_speed_s: 0, defects_s: 0 };
    const p = pareto(l);
    expect(p.map((r) => r.key).slice(0, 3)).toEqual(['equipment_failure_s', 'setup_s', 'minor_stops_s']);
    expect(p[0]?.cumulative).toBeCloseTo(0.6);
    expect(p[2]?.cumulative).toBeCloseTo(1);
    expect(sumLosses([l, l]).setup_s).toBe(600);
  });
});
