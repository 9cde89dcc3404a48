import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem';

// The one cache of server state. Client errors (4xx) are not retried.
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});
