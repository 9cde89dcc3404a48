// Server state of the job screens (TanStack Query). Each call casts its untyped response once,
// here; query keys start with a root of src/api/events.ts so live events refresh them.
import {
  keepPreviousData,
  useInfiniteQuery,
  useQueries,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, rawFetch, unwrap } from '../../api/client';
import { onEvent } from '../../api/events';
import type {
  Customer,
  Job,
  JobDetail,
  JobFilters,
  JobMaterials,
  HistoryItem,
  LateJob,
  Operation,
  Page,
  Part,
  Slot,
  WorkCenter,
} from './types';

export const JOBS_PAGE = 500;

// Every page of a list route, 1000 rows a request (reference data: customers, parts, ...).
async function allPages<T>(fetchPage: (offset: number) => Promise<Page<T>>): Promise<T[]> {
  const first = await fetchPage(0);
  const items = [...first.items];
  const offsets: number[] = [];
  for (let o = first.items.length; o < first.total; o += 1000) offsets.push(o);
  for (let i = 0; i < offsets.length; i += 4) {
    const pages = await Promise.all(offsets.slice(i, i + 4).map(fetchPage));
    pages.forEach((p) => items.push(...p.items));
  }
  return items;
}

// The server-side part of the filters: one status goes to the server, several are applied
// client-side (the list filter is an equality).
export function jobListQuery(f: JobFilters) {
  return {
    sort: f.sort,
    order: f.order,
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
    ...(f.statuses.length === 1 ? { status: f.statuses[0] } : {}),
    ...(f.customerId !== null ? { customer_id: f.customerId } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
  };
}

export function useJobsList(f: JobFilters) {
  const query = jobListQuery(f);
  return useInfiniteQuery({
    queryKey: ['jobs', 'list', query],
    initialPageParam: 0,
    queryFn: async ({ pageParam }) =>
      (await unwrap(
        api.GET('/api/v1/jobs', {
          params: { query: { ...query, limit: JOBS_PAGE, offset: pageParam } },
        }),
      )) as unknown as Page<Job>,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
    placeholderData: keepPreviousData,
  });
}

export function useCustomers() {
  return useQuery({
    queryKey: ['customers', 'all'],
    staleTime: 300_000,
    queryFn: () =>
      allPages(
        async (offset) =>
          (await unwrap(
            api.GET('/api/v1/customers', { params: { query: { limit: 1000, offset, sort: 'name' } } }),
          )) as unknown as Page<Customer>,
      ),
  });
}

export function useParts() {
  return useQuery({
    queryKey: ['parts', 'all'],
    staleTime: 300_000,
    queryFn: () =>
      allPages(
        async (offset) =>
          (await unwrap(
            api.GET('/api/v1/parts', { params: { query: { limit: 1000, offset, sort: 'number' } } }),
          )) as unknown as Page<Part>,
      ),
  });
}

export function useWorkCenters() {
  return useQuery({
    queryKey: ['work-centers', 'all'],
    staleTime: 300_000,
    queryFn: async () =>
      ((await unwrap(
        api.GET('/api/v1/work-centers', { params: { query: { limit: 1000 } } }),
      )) as unknown as Page<WorkCenter>).items,
  });
}

export interface Progress {
  done: number;
  total: number;
}

// Operations done / total per job, from the operations list.
export function useJobProgress() {
  return useQuery({
    queryKey: ['operations', 'progress'],
    queryFn: async () => {
      const ops = await allPages(
        async (offset) =>
          (await unwrap(
            api.GET('/api/v1/operations', { params: { query: { limit: 1000, offset } } }),
          )) as unknown as Page<Operation>,
      );
      const byJob = new Map<number, Progress>();
      for (const op of ops) {
        const p = byJob.get(op.job_id) ?? { done: 0, total: 0 };
        p.total += 1;
        if (op.status === 'complete') p.done += 1;
        byJob.set(op.job_id, p);
      }
      return byJob;
    },
  });
}

// Projected lateness of late jobs (from the dashboard); an empty map when unavailable.
export function useLateness() {
  return useQuery({
    queryKey: ['dashboard', 'job-lateness'],
    retry: false,
    queryFn: async () => {
      const map = new Map<number, LateJob>();
      let body: { late_jobs?: { items?: LateJob[] } };
      try {
        body = (await rawFetch('/api/v1/dashboard?days=7')) as typeof body;
      } catch {
        return map;
      }
      for (const j of body.late_jobs?.items ?? []) map.set(j.job_id, j);
      return map;
    },
  });
}

export const jobQuery = (id: number) => ({
  queryKey: ['job', id],
  queryFn: async () =>
    (await unwrap(
      api.GET('/api/v1/jobs/{id}', { params: { path: { id: String(id) } } }),
    )) as unknown as JobDetail,
});

export function useJob(id: number) {
  return useQuery(jobQuery(id));
}

// Refetches the job (only its detail, not its history or materials) when a machine counts parts
// on one of its operations: the routing's machine column follows the floor live.
export function useMachinePartsLive(jobId: number, ops: readonly Operation[]) {
  const client = useQueryClient();
  useEffect(() => {
    const ids = new Set(ops.map((o) => o.id));
    return onEvent((e) => {
      if (e.topic !== 'machine.parts' || !ids.has(Number(e.payload.operation_id))) return;
      void client.invalidateQueries({ queryKey: ['job', jobId], exact: true });
    });
  }, [client, jobId, ops]);
}

// The planned slot of each operation (none when not scheduled).
export function useOperationSlots(ops: readonly Operation[]) {
  return useQueries({
    queries: ops.map((op) => ({
      queryKey: ['board', 'slot-of-operation', op.id],
      queryFn: async () =>
        ((await unwrap(
          api.GET('/api/v1/schedule/slots', { params: { query: { operation_id: op.id } } }),
        )) as unknown as Page<Slot>).items[0] ?? null,
    })),
    combine: (results) => {
      const map = new Map<number, Slot>();
      results.forEach((r) => {
        if (r.data) map.set(r.data.operation_id, r.data);
      });
      return { slots: map, pending: results.some((r) => r.isPending) };
    },
  });
}

export function useJobHistory(id: number, limit: number) {
  return useQuery({
    queryKey: ['job', id, 'history', limit],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      (await rawFetch(`/api/v1/jobs/${id}/history?limit=${limit}`)) as Page<HistoryItem>,
  });
}

export function useJobMaterials(id: number) {
  return useQuery({
    queryKey: ['job', id, 'materials'],
    queryFn: async () =>
      (await rawFetch(`/api/v1/jobs/${id}/materials`)) as JobMaterials,
  });
}

// After any job write: lists, the job, and the views built on jobs.
export function invalidateJobs(client: QueryClient, id?: number): void {
  void client.invalidateQueries({ queryKey: ['jobs'] });
  void client.invalidateQueries({ queryKey: ['operations'] });
  void client.invalidateQueries({ queryKey: ['board'] });
  void client.invalidateQueries({ queryKey: ['dashboard'] });
  if (id !== undefined) void client.invalidateQueries({ queryKey: ['job', id] });
}
