// Server state of the agents screen. Query keys start with "agents", the root that agent.* and
// approval.* events invalidate (src/api/events.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export const PAGE_SIZE = 25;

export const agentKeys = {
  status: ['agents', 'status'] as const,
  threads: (status: string, agent: string, page: number) => ['agents', 'threads', status, agent, page] as const,
  thread: (id: string) => ['agents', 'thread', id] as const,
};

export function useAgentStatus() {
  return useQuery({
    queryKey: agentKeys.status,
    queryFn: () => unwrap(api.GET('/api/v1/agents/status')),
    // The last poll moves without events.
    refetchInterval: 30_000,
  });
}

export function useThreads(status: string, agent: string, page: number) {
  return useQuery({
    queryKey: agentKeys.threads(status, agent, page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/agents/threads', {
          params: {
            query: {
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
              sort: 'updated_at',
              order: 'desc',
              ...(status ? { status } : {}),
              ...(agent ? { agent } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useThread(id: string) {
  return useQuery({
    queryKey: agentKeys.thread(id),
    queryFn: () => unwrap(api.GET('/api/v1/agents/threads/{id}', { params: { path: { id } } })),
  });
}

// POST /agents/ask: the assistant's answer (a thread of its own, listed afterwards).
export function useAsk() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (question: string) => unwrap(api.POST('/api/v1/agents/ask', { body: { question } })),
    onSettled: () => client.invalidateQueries({ queryKey: ['agents', 'threads'] }),
  });
}
