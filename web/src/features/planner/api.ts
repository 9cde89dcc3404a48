// Server state of the planner board: queries (keys rooted in src/api/events.ts roots so live
// events refetch them) and the calls behind the board's actions.
import { queryOptions } from '@tanstack/react-query';
import { api, rawFetch, unwrap } from '../../api/client';
import type {
  Board,
  BoardSlot,
  CommitResult,
  Conflicts,
  RunDoc,
  RunList,
  RunRequest,
} from './types';

export interface BoardWindow {
  from?: string;
  to?: string;
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Everything the Gantt draws, in one call (default window: plant today −1 d .. +14 d).
export const boardQuery = (w: BoardWindow = {}) =>
  queryOptions({
    queryKey: ['board', w.from ?? null, w.to ?? null],
    queryFn: async () =>
      (await rawFetch(`/api/v1/schedule/board${query({ from: w.from, to: w.to })}`)) as Board,
    placeholderData: (prev) => prev,
  });

export const runQuery = (id: number | null) =>
  queryOptions({
    queryKey: ['run', id],
    enabled: id !== null,
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/v1/schedule/runs/{id}', { params: { path: { id: String(id) } } }),
      )) as unknown as RunDoc,
    // Poll while the run is in progress (the progress events are not a guaranteed delivery).
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1500 : false),
  });

// Repair proposals not yet committed (GET /schedule/runs?trigger=repair).
export const repairRunsQuery = () =>
  queryOptions({
    queryKey: ['runs', 'repair'],
    queryFn: async () =>
      (await rawFetch(`/api/v1/schedule/runs${query({ trigger: 'repair', limit: 10 })}`)) as RunList,
    retry: false,
  });

export const conflictsQuery = () =>
  queryOptions({
    queryKey: ['conflicts'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/schedule/conflicts'))) as unknown as Conflicts,
  });

export interface MoveTarget {
  work_center_id: number;
  start: string;
}

// Moves (and thereby pins) a slot; the version makes a stale drag a 409.
export async function moveSlot(slot: BoardSlot, to: MoveTarget): Promise<BoardSlot> {
  const body = { ...to, version: slot.version } as unknown as Record<string, never>;
  return (await unwrap(
    api.POST('/api/v1/schedule/slots/{id}/move', {
      params: { path: { id: String(slot.id) } },
      body,
    }),
  )) as unknown as BoardSlot;
}

export async function setPinned(slot: BoardSlot, pinned: boolean): Promise<void> {
  const opts = { params: { path: { id: String(slot.id) } }, body: { version: slot.version } };
  await unwrap(
    pinned
      ? api.POST('/api/v1/schedule/slots/{id}/pin', opts)
      : api.POST('/api/v1/schedule/slots/{id}/unpin', opts),
  );
}

// Starts a background run; the answer is the stored run with status "running".
export async function startRun(req: RunRequest): Promise<RunDoc> {
  return (await unwrap(
    api.POST('/api/v1/schedule/runs', { body: { ...req, async: true } }),
  )) as unknown as RunDoc;
}

export async function cancelRun(id: number): Promise<RunDoc> {
  return (await unwrap(
    api.POST('/api/v1/schedule/runs/{id}/cancel', { params: { path: { id: String(id) } } }),
  )) as unknown as RunDoc;
}

export async function commitRun(id: number): Promise<CommitResult> {
  return (await unwrap(
    api.POST('/api/v1/schedule/runs/{id}/commit', { params: { path: { id: String(id) } } }),
  )) as unknown as CommitResult;
}
