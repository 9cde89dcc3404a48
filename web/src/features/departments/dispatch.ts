// The ordered next work of one work center. Reads GET /work-centers/{id}/dispatch; a server
// without that route (404) gets the same list assembled from the operations of the work
// center's department, its schedule slots and the job/part/customer tables.
import { queryOptions } from '@tanstack/react-query';
import { api, rawFetch, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { allCustomersQuery, allJobsQuery, allPartsQuery, byId } from './lookups';
import type { Customer, DispatchItem, Job, ListOf, Operation, Part, Slot, WorkCenter } from './types';
import { queryClient } from '../../app/queryClient';

const statusRank: Record<string, number> = { running: 0, paused: 1, ready: 2, planned: 3 };

export interface DispatchInputs {
  wc: WorkCenter;
  operations: readonly Operation[];
  slots: readonly Slot[];
  jobs: readonly Job[];
  parts: readonly Part[];
  customers: readonly Customer[];
}

// Running and paused operations of the work center first, then its scheduled operations in
// slot order, then ready operations it may run that are not scheduled anywhere yet. Complete
// operations and jobs that are not on the floor (planned, on hold, complete, cancelled) are left out.
export function assembleDispatch(x: DispatchInputs): DispatchItem[] {
  const jobs = byId(x.jobs);
  const parts = byId(x.parts);
  const customers = byId(x.customers);
  const slotOf = new Map(x.slots.map((s) => [s.operation_id, s]));
  const mine = x.operations.filter((op) => {
    const job = jobs.get(op.job_id);
    if (!job || !['released', 'in_progress'].includes(job.status)) return false;
    if (op.status === 'complete') return false;
    const slot = slotOf.get(op.id);
    if (slot) return slot.work_center_id === x.wc.id;
    return op.eligible_work_center_ids.includes(x.wc.id) && op.status !== 'planned';
  });
  const key = (op: Operation) => {
    const slot = slotOf.get(op.id);
    const rank = op.status === 'running' || op.status === 'paused' ? statusRank[op.status] : slot ? 2 : 3;
    return [rank ?? 3, slot ? Date.parse(slot.start) : Date.parse(jobs.get(op.job_id)?.due ?? '')] as const;
  };
  mine.sort((a, b) => {
    const [ra, ta] = key(a);
    const [rb, tb] = key(b);
    return ra - rb || ta - tb || a.id - b.id;
  });
  return mine.map((op) => {
    const job = jobs.get(op.job_id)!;
    const part = parts.get(job.part_id);
    const slot = slotOf.get(op.id);
    return {
      slot_id: slot?.id ?? null,
      operation_id: op.id,
      start: slot?.start ?? null,
      end: slot?.end ?? null,
      op_name: op.name,
      sequence: op.sequence,
      op_status: op.status,
      job_id: job.id,
      job_number: job.number,
      job_status: job.status,
      part_number: part?.number ?? '',
      part_name: part?.description ?? '',
      material: part?.material ?? null,
      thickness_mm: part?.thickness_mm ?? null,
      quantity: job.quantity,
      qty_good: op.qty_good,
      qty_scrap: op.qty_scrap,
      due: job.due,
      priority: job.priority,
      customer: customers.get(job.customer_id)?.name ?? '',
      notes: job.notes ?? null,
    };
  });
}

async function assembleFromTables(wcId: number): Promise<DispatchItem[]> {
  const wc = (await unwrap(
    api.GET('/api/v1/work-centers/{id}', { params: { path: { id: String(wcId) } } }),
  )) as unknown as WorkCenter;
  const [ops, slots, jobs, parts, customers] = await Promise.all([
    unwrap(
      api.GET('/api/v1/operations', {
        params: { query: { department: wc.department, limit: 1000 } },
      }),
    ) as unknown as Promise<ListOf<Operation>>,
    unwrap(
      api.GET('/api/v1/schedule', { params: { query: { work_center_id: wcId } } }),
    ) as unknown as Promise<ListOf<Slot>>,
    queryClient.fetchQuery(allJobsQuery),
    queryClient.fetchQuery(allPartsQuery),
    queryClient.fetchQuery(allCustomersQuery),
  ]);
  return assembleDispatch({
    wc,
    operations: ops.items,
    slots: slots.items,
    jobs: jobs.items,
    parts: parts.items,
    customers: customers.items,
  });
}

export async function fetchDispatch(wcId: number, limit = 50): Promise<DispatchItem[]> {
  try {
    const res = (await rawFetch(`/api/v1/work-centers/${wcId}/dispatch?limit=${limit}`)) as {
      items: DispatchItem[];
    };
    return res.items;
  } catch (e) {
    // Without the route, or for an unknown work center (then the fallback's own read is 404).
    if (e instanceof ApiError && e.status === 404) {
      return (await assembleFromTables(wcId)).slice(0, limit);
    }
    throw e;
  }
}

export const dispatchQuery = (wcId: number) =>
  queryOptions({
    queryKey: ['dispatch', wcId],
    queryFn: () => fetchDispatch(wcId),
  });
