// A mutation of the admin screens: success shows a toast and refreshes the given query roots,
// failure shows the server's problem (a 409 says someone else changed it first).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifyError, notifyOk } from '../../../components/notify';

export function useAdminMutation<V>(
  fn: (v: V) => Promise<unknown>,
  opts: { roots: readonly string[]; ok?: (v: V) => string; onSuccess?: () => void },
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (_data, v) => {
      if (opts.ok) notifyOk(opts.ok(v));
      opts.onSuccess?.();
    },
    onError: (err) => notifyError(err),
    onSettled: () => Promise.all(opts.roots.map((r) => client.invalidateQueries({ queryKey: [r] }))),
  });
}
