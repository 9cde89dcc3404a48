// Server field errors (RFC 9457 `errors[].field`) merged over client-side ones, so each input
// shows what is wrong with it.
import { ApiError } from '../../../api/problem';

export function serverFieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of err.problem.errors ?? []) if (!(e.field in out)) out[e.field] = e.message;
  return out;
}
