// Station sign-in and the four shop-floor actions on an operation.
import { api, unwrap } from '../../api/client';
import { ApiError, toApiError } from '../../api/problem';
import type { Customer, Job, ListOf, Operation, Part } from '../departments/types';

// A refused badge sign-in; `retryAfterS` is set when the server throttles (429).
export class BadgeError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterS: number | null,
  ) {
    super(`badge sign-in failed (${status})`);
  }
}

// POST /auth/badge (a plain fetch: a refusal is told apart by status and Retry-After, not
// thrown as a problem). On success the server has set the HttpOnly session cookie.
export async function badgeSignIn(badge: string, pin: string): Promise<void> {
  const res = await fetch('/api/v1/auth/badge', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Kerf-Csrf': '1' },
    body: JSON.stringify({ badge, pin }),
  });
  if (res.ok) return;
  if (res.status === 401 || res.status === 429) {
    const ra = Number(res.headers.get('Retry-After'));
    throw new BadgeError(res.status, Number.isFinite(ra) && ra > 0 ? ra : res.status === 429 ? 30 : null);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  throw toApiError(res.status, body);
}

export type OpAction = 'start' | 'pause' | 'resume' | 'complete';

export interface CompleteInput {
  qty_good: number;
  qty_scrap: number;
  scrap_reasons: string[];
}

export async function runAction(
  op: Operation,
  action: OpAction,
  extra?: { reason?: string; complete?: CompleteInput },
): Promise<Operation> {
  const path = { id: String(op.id) };
  const version = op.version;
  let call;
  if (action === 'start') {
    call = api.POST('/api/v1/operations/{id}/start', { params: { path }, body: { version } });
  } else if (action === 'resume') {
    call = api.POST('/api/v1/operations/{id}/resume', { params: { path }, body: { version } });
  } else if (action === 'pause') {
    call = api.POST('/api/v1/operations/{id}/pause', {
      params: { path },
      body: { version, reason: extra?.reason ?? 'OTHER' } as never,
    });
  } else {
    call = api.POST('/api/v1/operations/{id}/complete', {
      params: { path },
      body: { version, ...extra!.complete! },
    });
  }
  return (await unwrap(call as Promise<{ data?: unknown; error?: unknown; response: Response }>)) as Operation;
}

export async function getOperation(id: number): Promise<Operation> {
  return (await unwrap(
    api.GET('/api/v1/operations/{id}', { params: { path: { id: String(id) } } }),
  )) as unknown as Operation;
}

export async function getJob(id: number): Promise<Job> {
  return (await unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id: String(id) } } }))) as unknown as Job;
}

export async function getPart(id: number): Promise<Part> {
  return (await unwrap(api.GET('/api/v1/parts/{id}', { params: { path: { id: String(id) } } }))) as unknown as Part;
}

export async function getCustomer(id: number): Promise<Customer> {
  return (await unwrap(
    api.GET('/api/v1/customers/{id}', { params: { path: { id: String(id) } } }),
  )) as unknown as Customer;
}

// The job with exactly this number (case-insensitive), with its operations; null if none.
export async function findJobByNumber(number: string): Promise<Job | null> {
  const list = (await unwrap(
    api.GET('/api/v1/jobs', { params: { query: { q: number, limit: 20 } } }),
  )) as unknown as ListOf<Job>;
  const hit = list.items.find((j) => j.number.toUpperCase() === number.toUpperCase());
  return hit ? getJob(hit.id) : null;
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}
