// Server state of the material screens; responses cast once here.
import { useQuery } from '@tanstack/react-query';
import { api, rawFetch, unwrap } from '../../api/client';
import type { Page } from '../jobs/types';
import type { HeatLot, HeatLotTrace, Sheet } from './types';

async function all<T>(fetchPage: (offset: number) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await fetchPage(offset);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

export function useSheets() {
  return useQuery({
    queryKey: ['materials', 'sheets'],
    queryFn: () =>
      all(
        async (offset) =>
          (await unwrap(
            api.GET('/api/v1/materials/sheets', { params: { query: { limit: 1000, offset } } }),
          )) as unknown as Page<Sheet>,
      ),
  });
}

// Remnants Sigmanest named that are in stock: sheet id -> the name Sigmanest knows it by.
export function useSigmanestRemnantNames() {
  return useQuery({
    queryKey: ['materials', 'sigmanest-remnants'],
    queryFn: async () => {
      const body = (await rawFetch('/api/v1/sigmanest/remnants')) as {
        items: { name: string; sheet_id: number }[];
      };
      return new Map(body.items.map((r) => [r.sheet_id, r.name]));
    },
  });
}

export function useHeatLots() {
  return useQuery({
    queryKey: ['materials', 'heat-lots'],
    queryFn: () =>
      all(
        async (offset) =>
          (await unwrap(
            api.GET('/api/v1/materials/heat-lots', {
              params: { query: { limit: 1000, offset, sort: 'received', order: 'desc' } },
            }),
          )) as unknown as Page<HeatLot>,
      ),
  });
}

export function useHeatLotTrace(id: number) {
  return useQuery({
    queryKey: ['trace', 'heat-lot', id],
    queryFn: async () => (await rawFetch(`/api/v1/materials/heat-lots/${id}/trace`)) as HeatLotTrace,
  });
}
