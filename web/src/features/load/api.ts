import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Granularity, LoadResponse, WorkCenterRow } from './types';

export const loadQuery = (granularity: Granularity, from?: string, to?: string) =>
  queryOptions({
    queryKey: ['load', granularity, from ?? null, to ?? null],
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/v1/schedule/load', { params: { query: { granularity, from, to } } }),
      )) as unknown as LoadResponse,
    placeholderData: (prev) => prev,
  });

export const workCentersQuery = () =>
  queryOptions({
    queryKey: ['work-centers', 'all'],
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/v1/work-centers', { params: { query: { limit: 1000 } } }),
      )) as unknown as { items: WorkCenterRow[] },
    staleTime: 60_000,
  });
