import { describe, expect, it, vi } from 'vitest';
await vi.hoisted(async () => (await import('./testing')).installFetchShim());

import { assembleDispatch, fetchDispatch } from './dispatch';
import { mockFetch } from './testing';
import type { Job, Operation, WorkCenter } from './types';

const wc: WorkCenter = { id: 1, code: 'LAS-6K', name: 'Fiber laser', department: 'laser', status: 'available' };
const job = (id: number, status: Job['status'], due: string): Job => ({
  id, number: `J-2400${id}`, part_id: 7, customer_id: 3, quantity: 40, due, priority: 3, status, version: 1,
});
const op = (id: number, jobId: number, status: Operation['status'], eligible = [1, 2]): Operation => ({
  id, job_id: jobId, name: 'Laser cut', sequence: 10, department: 'laser', process: 'laser_cut', status,
  eligible_work_center_ids: eligible, qty_good: 0, qty_scrap: 0, setup_seconds: 600, run_seconds_per_piece: 86,
  started_at: null, completed_at: null, operator_id: 0, version: 1,
});
const part = { id: 7, number: 'PTT-1200x600-S4', revision: 'A', description: 'Prep table top', material: 'stainless_304', thickness_mm: 1.2 };
const customer = { id: 3, code: 'C-003', name: 'Northgate', vip: false };


describe('assembleDispatch', () => {
  it('lists running work first, then slots in order, then unscheduled ready work; never other work centers', () => {
    const jobs = [
      job(1, 'in_progress', '2026-12-10T00:00:00Z'),
      job(2, 'released', '2026-12-09T00:00:00Z'),
      job(3, 'released', '2026-12-01T00:00:00Z'),
      job(4, 'released', '2026-12-01T00:00:00Z'),
      job(5, 'planned', '2026-12-01T00:00:00Z'),
    ];
    const ops = [op(11, 1, 'running'), op(12, 2, 'ready'), op(13, 3, 'ready'), op(14, 4, 'ready'), op(15, 5, 'ready'), op(16, 3, 'ready', [2])];
    const slots = [
      { id: 90, operation_id: 12, work_center_id: 1, work_center_code: 'LAS-6K', job_id: 2, job_number: 'J-24002', start: '2026-11-30T05:00:00Z', end: '2026-11-30T06:00:00Z' },
      { id: 91, operation_id: 14, work_center_id: 2, work_center_code: 'LAS-12K', job_id: 4, job_number: 'J-24004', start: '2026-11-30T05:00:00Z', end: '2026-11-30T06:00:00Z' },
    ];
    const items = assembleDispatch({ wc, operations: ops, slots, jobs, parts: [part], customers: [customer] });
    expect(items.map((i) => i.operation_id)).toEqual([11, 12, 13]);
    expect(items[1]).toMatchObject({ slot_id: 90, start: '2026-11-30T05:00:00Z', part_number: 'PTT-1200x600-S4', material: 'stainless_304', thickness_mm: 1.2, customer: 'Northgate' });
  });
});

describe('fetchDispatch', () => {
  it('uses the dispatch route when the server has it', async () => {
    const item = { operation_id: 5, job_number: 'J-24001' };
    mockFetch({ 'GET /api/v1/work-centers/1/dispatch': { body: { items: [item] } } });
    expect(await fetchDispatch(1)).toEqual([item]);
  });
  it('assembles the list from the tables when the route is missing (404)', async () => {
    mockFetch({
      'GET /api/v1/work-centers/1': { body: wc },
      'GET /api/v1/operations': { body: { items: [op(21, 1, 'ready')], total: 1 } },
      'GET /api/v1/schedule': { body: { items: [], total: 0 } },
      'GET /api/v1/jobs': { body: { items: [job(1, 'released', '2026-12-01T00:00:00Z')], total: 1 } },
      'GET /api/v1/parts': { body: { items: [part], total: 1 } },
      'GET /api/v1/customers': { body: { items: [customer], total: 1 } },
    });
    const items = await fetchDispatch(1);
    expect(items.map((i) => [i.operation_id, i.job_number])).toEqual([[21, 'J-24001']]);
  });
});
