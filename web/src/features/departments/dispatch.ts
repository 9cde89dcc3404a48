// The ordered next work of one work center: GET /work-centers/{id}/dispatch (running
// operations first, then by slot start; 404 for an unknown work center).
import { queryOptions } from '@tanstack/react-query';
import { rawFetch } from '../../api/client';
import type { DispatchItem } from './types';

export async function fetchDispatch(wcId: number, limit = 50): Promise<DispatchItem[]> {
  const res = (await rawFetch(`/api/v1/work-centers/${wcId}/dispatch?limit=${limit}`)) as {
    items: DispatchItem[];
  };
  return res.items;
}

export const dispatchQuery = (wcId: number) =>
  queryOptions({
    queryKey: ['dispatch', wcId],
    queryFn: () => fetchDispatch(wcId),
  });
