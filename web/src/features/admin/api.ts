// Calls of the admin screens. Each list casts its response to the shape in types.ts in one
// place. Request bodies are typed by the generated schema only as objects without members yet,
// so they go through `body()`; the server checks every member strictly (400 naming the field).
import { api, rawFetch, unwrap } from '../../api/client';
import type {
  AuditEntry,
  Calendar,
  Customer,
  Page,
  Part,
  Tool,
  User,
  WorkCenter,
} from './types';

const body = (value: object): never => value as never;
const path = (id: number) => ({ path: { id: String(id) } });

// Query keys: the first element is a root of src/api/events.ts, so live events refresh them.
export const keys = {
  users: ['users', 'list'] as const,
  workCenters: ['work-centers', 'list'] as const,
  calendars: ['calendars', 'list'] as const,
  master: (root: MasterRoot, q: string, offset: number) => [root, 'page', { q, offset }] as const,
  audit: (f: AuditFilters) => ['audit', f] as const,
};

// ---- users (admin)
export async function listUsers(): Promise<User[]> {
  const page = await unwrap(api.GET('/api/v1/users', { params: { query: { limit: 1000, sort: 'username' } } }));
  return (page as unknown as Page<User>).items;
}

export interface NewUser {
  username: string;
  display_name: string;
  password: string;
  roles: string[];
}

export const createUser = (u: NewUser) => unwrap(api.POST('/api/v1/users', { body: body(u) }));

export const setUserRoles = (u: User, roles: string[]) =>
  unwrap(api.PUT('/api/v1/users/{id}/roles', { params: path(u.id), body: body({ roles, version: u.version }) }));

export const deactivateUser = (u: User) =>
  unwrap(api.POST('/api/v1/users/{id}/deactivate', { params: path(u.id), body: body({}) }));

// Station badge + PIN: PUT sets (or replaces) them, DELETE clears them.
export const setUserBadge = (u: User, badge: string, pin: string) =>
  unwrap(api.PUT('/api/v1/users/{id}/badge', { params: path(u.id), body: { badge, pin } }));

export const clearUserBadge = (u: User) => unwrap(api.DELETE('/api/v1/users/{id}/badge', { params: path(u.id) }));

// ---- work centers, calendars
export async function listWorkCenters(): Promise<WorkCenter[]> {
  const page = await unwrap(api.GET('/api/v1/work-centers', { params: { query: { limit: 1000, sort: 'code' } } }));
  return (page as unknown as Page<WorkCenter>).items;
}

// The writable members of a work center (id is server-owned; version only on update).
export function workCenterBody(w: WorkCenter, withVersion: boolean): object {
  const { id: _id, version, ...rest } = w;
  return withVersion ? { ...rest, version } : rest;
}

export const createWorkCenter = (w: WorkCenter) =>
  unwrap(api.POST('/api/v1/work-centers', { body: body(workCenterBody(w, false)) }));

export const updateWorkCenter = (w: WorkCenter) =>
  unwrap(api.PUT('/api/v1/work-centers/{id}', { params: path(w.id), body: body(workCenterBody(w, true)) }));

export async function listCalendars(): Promise<Calendar[]> {
  const page = await unwrap(api.GET('/api/v1/calendars', { params: { query: { limit: 1000, sort: 'name' } } }));
  return (page as unknown as Page<Calendar>).items;
}

// PUT /calendars/{id} with the version read (not in the generated paths: the server may not
// offer it yet, then it answers 404/405 and the editor shows that error).
export const updateCalendar = (c: Calendar) =>
  rawFetch(`/api/v1/calendars/${c.id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: c.name,
      week: c.week,
      holidays: c.holidays,
      overtime: c.overtime,
      version: c.version,
    }),
  });

// ---- parts, tools, customers: paged, searchable lists with create and edit
export type MasterRoot = 'parts' | 'tools' | 'customers';
export const PAGE_SIZE = 50;

type MasterEntity = { parts: Part; tools: Tool; customers: Customer };

export async function listMaster<R extends MasterRoot>(
  root: R,
  q: string,
  offset: number,
): Promise<Page<MasterEntity[R]>> {
  const query = { limit: PAGE_SIZE, offset, ...(q ? { q } : {}) };
  const page =
    root === 'parts'
      ? await unwrap(api.GET('/api/v1/parts', { params: { query: { ...query, sort: 'number' } } }))
      : root === 'tools'
        ? await unwrap(api.GET('/api/v1/tools', { params: { query: { ...query, sort: 'code' } } }))
        : await unwrap(api.GET('/api/v1/customers', { params: { query: { ...query, sort: 'code' } } }));
  return page as unknown as Page<MasterEntity[R]>;
}

// Creates (id 0) or updates an entity of `root`; server-owned members are left out.
export function saveMaster<R extends MasterRoot>(root: R, e: MasterEntity[R]): Promise<unknown> {
  const { id, version, ...rest } = e as MasterEntity[R] & { remaining?: number };
  delete (rest as { remaining?: number }).remaining;
  const create = id === 0;
  const b = body(create ? rest : { ...rest, version });
  if (root === 'parts') {
    return create
      ? unwrap(api.POST('/api/v1/parts', { body: b }))
      : unwrap(api.PUT('/api/v1/parts/{id}', { params: path(id), body: b }));
  }
  if (root === 'tools') {
    return create
      ? unwrap(api.POST('/api/v1/tools', { body: b }))
      : unwrap(api.PUT('/api/v1/tools/{id}', { params: path(id), body: b }));
  }
  return create
    ? unwrap(api.POST('/api/v1/customers', { body: b }))
    : unwrap(api.PUT('/api/v1/customers/{id}', { params: path(id), body: b }));
}

// ---- audit (quality, admin)
export interface AuditFilters {
  entity: string;
  entity_id: string;
  actor: string;
  action: string;
  from: string; // plant-local date YYYY-MM-DD (inclusive) or ''
  to: string; // plant-local date YYYY-MM-DD (inclusive) or ''
}

export const AUDIT_PAGE = 200;

export async function listAudit(
  f: AuditFilters,
  offset: number,
  range: { from?: string; to?: string },
): Promise<Page<AuditEntry>> {
  const query = {
    limit: AUDIT_PAGE,
    offset,
    sort: 'occurred_at',
    order: 'desc',
    ...(f.entity ? { entity: f.entity } : {}),
    ...(f.entity_id ? { entity_id: Number(f.entity_id) } : {}),
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...range,
  };
  return (await unwrap(api.GET('/api/v1/audit', { params: { query } }))) as unknown as Page<AuditEntry>;
}
