import { describe, expect, it } from 'vitest';
import { entry, nest } from './fixtures';
import { daysBetween, efficiencySeries, groupByLaser, lastDays, utilisationColor } from './model';

describe('groupByLaser', () => {
  it('keeps queue order per laser, unassigned last, and sums the remaining estimate', () => {
    const a1 = entry(nest({ id: 1, work_center_id: 2, cut_seconds_est: 600 }));
    const none = entry(nest({ id: 2, work_center_id: null }));
    const b1 = entry(nest({ id: 3, work_center_id: 1, cut_seconds_est: 900, cut_seconds_actual: 300 }));
    const a2 = entry(nest({ id: 4, work_center_id: 2, cut_seconds_est: 400 }));
    const groups = groupByLaser([none, a1, b1, a2]);
    expect(groups.map((g) => g.code)).toEqual(['LAS-2', 'LAS-1', '']);
    expect(groups[0]!.entries.map((e) => e.nest.id)).toEqual([1, 4]);
    expect(groups[0]!.estSeconds).toBe(1000);
    expect(groups[1]!.estSeconds).toBe(600);
    expect(groups[2]!.workCenterId).toBeNull();
  });
});

describe('efficiency', () => {
  const row = (day: string, material: string, utilisation: number, sheets: number) => ({
    day,
    material: material as 'stainless_304',
    thickness_mm: 1.5,
    programs: 1,
    sheets,
    utilisation,
    scrap_fraction: 1 - utilisation,
  });
  it('pivots per day and material with gaps as null and a sheet-weighted overall', () => {
    const s = efficiencySeries(
      [row('2026-11-02', 'stainless_304', 0.8, 3), row('2026-11-03', 'mild_steel', 0.6, 1)],
      '2026-11-01',
      '2026-11-03',
    );
    expect(s.days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(s.series.map((x) => x.name)).toEqual(['mild steel 1.5 mm', 'stainless 304 1.5 mm']);
    expect(s.series[1]!.values).toEqual([null, 0.8, null]);
    expect(s.overall).toBeCloseTo(0.75);
    expect(efficiencySeries([], '2026-11-01', '2026-11-01').overall).toBeNull();
  });
  it('counts days across month ends and colours against the goals', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toHaveLength(4);
    expect(lastDays('2026-12-02', 7)).toEqual({ from: '2026-11-26', to: '2026-12-02' });
    expect(utilisationColor(0.7)).toBe('red');
    expect(utilisationColor(0.8)).toBe('yellow');
    expect(utilisationColor(0.85)).toBe('green');
  });
});
