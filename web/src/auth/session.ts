// The signed-in user (GET /auth/me) and what that user may do. Who may call a route comes from
// the server's permission table via openapi.json (roles.gen.ts), so the UI never keeps its own.
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/problem';
import { routeRoles } from '../api/roles.gen';

export interface Me {
  id: number;
  username: string;
  roles: string[];
  station?: boolean;
  idle_timeout_s?: number;
  plant_time_zone?: string;
}

// True if a user with `roles` may call `METHOD /api/v1/...` (admin may do everything).
export function mayCall(roles: readonly string[], route: string): boolean {
  if (roles.includes('admin')) return true;
  const allowed = routeRoles[route];
  if (!allowed) return false;
  return allowed.includes('any') || allowed.some((r) => roles.includes(r));
}

// The current user, or null when not signed in.
export const meQuery = queryOptions({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        return (await unwrap(api.GET('/api/v1/auth/me'))) as unknown as Me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
});

export function useMe() {
  return useQuery(meQuery);
}

// `can('POST /api/v1/schedule/runs')`: whether the signed-in user may take that action.
export function useCan(): (route: string) => boolean {
  const { data } = useMe();
  const roles = data?.roles ?? [];
  return useCallback((route: string) => mayCall(roles, route), [roles]);
}

export function useSignOut(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    try {
      await api.POST('/api/v1/auth/logout');
    } finally {
      client.clear();
      client.setQueryData(['me'], null);
    }
  }, [client]);
}
