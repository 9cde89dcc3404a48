// Server state of the approvals inbox through the typed client. Every query key starts with
// "approvals", the root that approval.* events invalidate (src/api/events.ts), so the inbox and
// the navigation badge follow the agents without a reload.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Approval, DecisionBody } from './types';

export const PAGE_SIZE = 20;

export const approvalKeys = {
  list: (status: string, gate: string, page: number) => ['approvals', 'list', status, gate, page] as const,
  counts: ['approvals', 'counts'] as const,
  one: (id: number) => ['approvals', 'one', id] as const,
};

// One page of approvals; `status` "pending" or "decided" (every decided status), newest first.
export function useApprovals(status: 'pending' | 'decided', gate: string, page: number) {
  return useQuery({
    queryKey: approvalKeys.list(status, gate, page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/approvals', {
          params: {
            query: {
              status,
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
              ...(gate ? { gate } : {}),
            },
          },
        }),
      ),
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
