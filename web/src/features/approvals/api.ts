// Server state of the approvals inbox through the typed client. Every query key starts with
// "approvals", the root that approval.* events invalidate (src/api/events.ts), so the inbox and
// the navigation badge follow the agents without a reload.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Approval, ApprovalPage, DecisionBody } from './types';

export const PAGE_SIZE = 20;

export const approvalKeys = {
  list: (status: string, gate: string, page: number) => ['approvals', 'list', status, gate, page] as const,
  counts: ['approvals', 'counts'] as const,
  one: (id: number) => ['approvals', 'one', id] as const,
};

const DECIDED = ['approved', 'rejected', 'failed', 'expired'] as const;

async function fetchApprovals(status: string, gate: string, limit: number, offset: number): Promise<ApprovalPage> {
  return unwrap(
    api.GET('/api/v1/approvals', {
      params: { query: { status, limit, offset, sort: 'created_at', order: 'desc', ...(gate ? { gate } : {}) } },
    }),
  );
}

// Page `page` of the decided approvals (every status but pending), newest first. The list
// route filters one status at a time, so the first page*PAGE_SIZE of each decided status are
// fetched and merged in the server's order (created_at descending, then id).
export async function fetchDecided(gate: string, page: number): Promise<ApprovalPage> {
  const limit = Math.min(1000, page * PAGE_SIZE);
  const pages = await Promise.all(DECIDED.map((s) => fetchApprovals(s, gate, limit, 0)));
  const items = pages
    .flatMap((p) => p.items)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id)
    .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return { items, total: pages.reduce((n, p) => n + p.total, 0) };
}

// One page of approvals: pending ones, or decided ones (any decided status), newest first.
export function useApprovals(status: 'pending' | 'decided', gate: string, page: number) {
  return useQuery({
    queryKey: approvalKeys.list(status, gate, page),
    queryFn: () =>
      status === 'pending' ? fetchApprovals('pending', gate, PAGE_SIZE, (page - 1) * PAGE_SIZE) : fetchDecided(gate, page),
    placeholderData: keepPreviousData,
  });
}

// Pending approvals visible to the signed-in user (the navigation badge). Also re-read every
// minute in case the socket is down.
export function useApprovalCounts(enabled = true) {
  return useQuery({
    queryKey: approvalKeys.counts,
    queryFn: () => unwrap(api.GET('/api/v1/approvals/counts')),
    refetchInterval: 60_000,
    enabled,
  });
}

export function useApproval(id: number) {
  return useQuery({
    queryKey: approvalKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/approvals/{id}', { params: { path: { id: String(id) } } })),
  });
}

// POST /approvals/{id}/decision. No optimistic update: the inbox shows what the server answers
// (and refetches, since a decision also changes counts, jobs and the plan).
export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: DecisionBody }): Promise<Approval> =>
      unwrap(api.POST('/api/v1/approvals/{id}/decision', { params: { path: { id: String(id) } }, body })),
    onSuccess: (approval) => client.setQueryData(approvalKeys.one(approval.id), approval),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['approvals'] });
      void client.invalidateQueries({ queryKey: ['agents'] });
    },
  });
}
