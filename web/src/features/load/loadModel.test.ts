import { describe, expect, it } from 'vitest';
import { buildLoadModel } from './loadModel';
import type { LoadItem, WorkCenterRow } from './types';

const wcs: WorkCenterRow[] = [
  { id: 1, code: 'LAS-6K', name: '', department: 'laser', status: 'available' },
  { id: 2, code: 'LAS-12K', name: '', department: 'laser', status: 'available' },
  { id: 8, code: 'PB-220', name: '', department: 'forming', status: 'available' },
];
const day1 = '2026-11-29T23:00:00Z';
const day2 = '2026-11-30T23:00:00Z';
const item = (wc: number, code: string, start: string, planned: number, available: number): LoadItem => ({
  work_center_id: wc,
  work_center_code: code,
  start,
  end: start,
  planned_s: planned * 3600,
  available_s: available * 3600,
  load: available ? Math.min(1, planned / available) : 0,
});

describe('buildLoadModel', () => {
  const items = [
    item(8, 'PB-220', day2, 16, 16),
    item(8, 'PB-220', day1, 16, 16),
    item(1, 'LAS-6K', day1, 16, 16),
    item(1, 'LAS-6K', day2, 8, 16),
    item(2, 'LAS-12K', day1, 4, 16),
    item(2, 'LAS-12K', day2, 0, 0),
  ];
  const m = buildLoadModel(items, wcs);

  it('orders buckets by time and work centers by department then code', () => {
    expect(m.buckets).toEqual([day1, day2]);
    expect(m.workCenters.map((w) => w.code)).toEqual(['LAS-12K', 'LAS-6K', 'PB-220']);
  });

  it('sums hours per department and bucket', () => {
    const laser = m.departments.find((d) => d.department === 'laser');
    expect(laser?.loadH).toEqual([20, 8]);
    expect(laser?.capacityH).toEqual([32, 16]);
  });

  it('has no utilisation without capacity', () => {
    const c = m.cells.find((x) => x.wcIndex === 0 && x.bucketIndex === 1);
    expect(c?.utilisation).toBeNull();
  });

  it('picks as bottleneck the fullest cell, ties going to the work center busiest overall', () => {
    expect(m.bottleneck && m.workCenters[m.bottleneck.wcIndex]?.code).toBe('PB-220');
    expect(m.bottleneck?.bucketIndex).toBe(0);
  });
});
