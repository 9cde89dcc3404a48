// Server state of the Sigmanest screens through the typed client. Query keys start with "nests"
// (laser queue, efficiency: refreshed by nest.* events) or "sigmanest" (status, outbound queue,
// sync log: refreshed by sigmanest.* events and nest.* feedback), roots of src/api/events.ts.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export const PAGE_SIZE = 25;

export const laserKeys = {
  queue: (wc: number | null) => ['nests', 'laser-queue', wc] as const,
  efficiency: (from: string, to: string) => ['nests', 'efficiency', from, to] as const,
  status: ['sigmanest', 'status'] as const,
  outbound: (status: string, transType: string, page: number) =>
    ['sigmanest', 'outbound', status, transType, page] as const,
  log: (direction: string, status: string, page: number) => ['sigmanest', 'log', direction, status, page] as const,
};

export function useLaserQueue(workCenterId: number | null) {
  return useQuery({
    queryKey: laserKeys.queue(workCenterId),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/laser/queue', {
            params: { query: workCenterId ? { work_center_id: workCenterId } : {} },
          }),
        )
      ).items,
  });
}

export function useEfficiency(from: string, to: string) {
  return useQuery({
    queryKey: laserKeys.efficiency(from, to),
    queryFn: () => unwrap(api.GET('/api/v1/nests/efficiency', { params: { query: { from, to } } })),
    placeholderData: keepPreviousData,
  });
}

export function useSigmanestStatus() {
  return useQuery({
    queryKey: laserKeys.status,
    queryFn: () => unwrap(api.GET('/api/v1/sigmanest/status')),
    // The last poll and the age of waiting rows move without events.
    refetchInterval: 30_000,
  });
}

export function useOutbound(status: string, transType: string, page: number) {
  return useQuery({
    queryKey: laserKeys.outbound(status, transType, page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/sigmanest/outbound', {
          params: {
            query: {
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
              order: 'desc',
              ...(status ? { status } : {}),
              ...(transType ? { trans_type: transType } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useSyncLog(direction: string, status: string, page: number) {
  return useQuery({
    queryKey: laserKeys.log(direction, status, page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/sigmanest/sync-log', {
          params: {
            query: {
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
              order: 'desc',
              ...(direction ? { direction } : {}),
              ...(status ? { status } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

// POST /sigmanest/outbound/{id}/retry; refreshes the status and both tables.
export function useRetryRow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST('/api/v1/sigmanest/outbound/{id}/retry', { params: { path: { id: String(id) } } })),
    onSettled: () => client.invalidateQueries({ queryKey: ['sigmanest'] }),
  });
}

// An operator action on a program of the queue (POST /nests/{id}/start|stop|done, reject,
// DELETE /nests/{id}); refreshes the queue (and the other nest queries) when settled.
export type NestAction =
  | { kind: 'start'; id: number }
  | { kind: 'stop'; id: number }
  | { kind: 'done'; id: number; cutSeconds?: number }
  | { kind: 'reject'; id: number; partId: number; jobId: number; pieces: number; reason: string }
  | { kind: 'delete'; id: number };

function runNestAction(a: NestAction) {
  const path = { params: { path: { id: String(a.id) } } };
  switch (a.kind) {
    case 'start':
      return unwrap(api.POST('/api/v1/nests/{id}/start', { ...path, body: {} }));
    case 'stop':
      return unwrap(api.POST('/api/v1/nests/{id}/stop', { ...path, body: {} }));
    case 'done':
      return unwrap(
        api.POST('/api/v1/nests/{id}/done', {
          ...path,
          body: a.cutSeconds !== undefined ? { cut_seconds: a.cutSeconds } : {},
        }),
      );
    case 'reject':
      return unwrap(
        api.POST('/api/v1/nests/{id}/reject', {
          ...path,
          body: { part_id: a.partId, job_id: a.jobId, pieces: a.pieces, reason: a.reason },
        }),
      );
    case 'delete':
      return unwrap(api.DELETE('/api/v1/nests/{id}', path));
  }
}

export function useNestAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: runNestAction,
    onSettled: () => client.invalidateQueries({ queryKey: ['nests'] }),
  });
}
