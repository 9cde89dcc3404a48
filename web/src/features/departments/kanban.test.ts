import { describe, expect, it } from 'vitest';
import { operationOf } from '../../test/operation';
import { bucket, columnOf } from './kanban';
import type { Job, Operation } from './types';

const job = (id: number, status: Job['status'], due = '2026-12-05T14:00:00Z'): Job => ({
  id,
  number: `J-${24000 + id}`,
  part_id: 1,
  customer_id: 1,
  quantity: 10,
  due,
  priority: 3,
  status,
  version: 1,
});
const op = (id: number, jobId: number, status: Operation['status'], extra: Partial<Operation> = {}): Operation =>
  operationOf({ id, job_id: jobId, status, ...extra });

const dayStart = new Date('2026-11-29T00:00:00Z');

describe('columnOf', () => {
  it('puts completed operations in done only when completed today', () => {
    expect(columnOf(op(1, 1, 'complete', { completed_at: '2026-11-29T07:00:00Z' }), job(1, 'in_progress'), dayStart)).toBe('done');
    expect(columnOf(op(1, 1, 'complete', { completed_at: '2026-11-28T23:59:00Z' }), job(1, 'in_progress'), dayStart)).toBeNull();
  });
  it('shows open operations of held jobs on hold, whatever their status', () => {
    expect(columnOf(op(1, 1, 'ready'), job(1, 'on_hold'), dayStart)).toBe('hold');
    expect(columnOf(op(1, 1, 'paused'), job(1, 'on_hold'), dayStart)).toBe('hold');
  });
  it('leaves out unreleased and cancelled jobs', () => {
    expect(columnOf(op(1, 1, 'ready'), job(1, 'planned'), dayStart)).toBeNull();
    expect(columnOf(op(1, 1, 'planned'), job(1, 'cancelled'), dayStart)).toBeNull();
  });
  it('maps running and paused to running, ready to ready, planned to queued', () => {
    expect(columnOf(op(1, 1, 'paused'), job(1, 'in_progress'), dayStart)).toBe('running');
    expect(columnOf(op(1, 1, 'running'), job(1, 'in_progress'), dayStart)).toBe('running');
    expect(columnOf(op(1, 1, 'ready'), job(1, 'released'), dayStart)).toBe('ready');
    expect(columnOf(op(1, 1, 'planned'), job(1, 'released'), dayStart)).toBe('queued');
  });
});

describe('bucket', () => {
  it('orders ready work by due date and skips operations of unknown jobs', () => {
    const jobs = new Map([
      [1, job(1, 'released', '2026-12-09T00:00:00Z')],
      [2, job(2, 'released', '2026-12-01T00:00:00Z')],
    ]);
    const out = bucket([op(10, 1, 'ready'), op(20, 2, 'ready'), op(30, 99, 'ready')], jobs, dayStart);
    expect(out.ready.map((c) => c.op.id)).toEqual([20, 10]);
    expect(out.queued).toHaveLength(0);
  });
});
