// Whole-table reads the floor screens join against (the demo shop has a few hundred rows of
// each; lists cap at 1000, so a bigger shop would need id-filtered reads here).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Customer, Job, ListOf, Part, WorkCenter } from './types';

export const allJobsQuery = queryOptions({
  queryKey: ['jobs', 'all'],
  queryFn: async () =>
    (await unwrap(api.GET('/api/v1/jobs', { params: { query: { limit: 1000 } } }))) as unknown as ListOf<Job>,
});

export const allPartsQuery = queryOptions({
  queryKey: ['parts', 'all'],
  queryFn: async () =>
    (await unwrap(api.GET('/api/v1/parts', { params: { query: { limit: 1000 } } }))) as unknown as ListOf<Part>,
  staleTime: 300_000,
});

export const allCustomersQuery = queryOptions({
  queryKey: ['customers', 'all'],
  queryFn: async () =>
    (await unwrap(
      api.GET('/api/v1/customers', { params: { query: { limit: 1000 } } }),
    )) as unknown as ListOf<Customer>,
  staleTime: 300_000,
});

export const allWorkCentersQuery = queryOptions({
  queryKey: ['work-centers', 'all'],
  queryFn: async () =>
    (await unwrap(
      api.GET('/api/v1/work-centers', { params: { query: { limit: 1000, sort: 'code' } } }),
    )) as unknown as ListOf<WorkCenter>,
  staleTime: 300_000,
});

export function byId<T extends { id: number }>(items: readonly T[] | undefined): Map<number, T> {
  return new Map((items ?? []).map((x) => [x.id, x]));
}

// Id-indexed lookups of parts, customers and work centers (empty maps while loading).
export function useLookups() {
  const parts = useQuery(allPartsQuery);
  const customers = useQuery(allCustomersQuery);
  const workCenters = useQuery(allWorkCentersQuery);
  return {
    parts: byId(parts.data?.items),
    customers: byId(customers.data?.items),
    workCenters: byId(workCenters.data?.items),
  };
}
