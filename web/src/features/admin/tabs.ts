// Which admin tabs a role sees and whether it may change what a tab shows. Everything comes from
// the server's permission table (useCan), never from role names.
import { routeRoles } from '../../api/roles.gen';

export const TAB_IDS = ['users', 'work-centers', 'machines', 'calendars', 'parts', 'tools', 'customers', 'audit'] as const;
export type AdminTabId = (typeof TAB_IDS)[number];

export interface TabAccess {
  id: AdminTabId;
  canWrite: boolean;
}

const CAL_PUT = 'PUT /api/v1/calendars/{id}';

// Calendars belong to write_master_data (docs/api.md); until the server lists a calendar write
// route, the work-center write route stands for that permission.
export function canWriteCalendars(can: (route: string) => boolean): boolean {
  if (CAL_PUT in routeRoles) return can(CAL_PUT);
  return can(CAL_PUT) || can('PUT /api/v1/work-centers/{id}');
}

const rules: ReadonlyArray<{ id: AdminTabId; read: string; write: (can: (r: string) => boolean) => boolean }> = [
  { id: 'users', read: 'GET /api/v1/users', write: (can) => can('POST /api/v1/users') },
  { id: 'work-centers', read: 'GET /api/v1/work-centers', write: (can) => can('PUT /api/v1/work-centers/{id}') },
  { id: 'machines', read: 'POST /api/v1/machines', write: (can) => can('POST /api/v1/machines') },
  { id: 'calendars', read: 'GET /api/v1/calendars', write: canWriteCalendars },
  { id: 'parts', read: 'GET /api/v1/parts', write: (can) => can('PUT /api/v1/parts/{id}') },
  { id: 'tools', read: 'GET /api/v1/tools', write: (can) => can('PUT /api/v1/tools/{id}') },
  { id: 'customers', read: 'GET /api/v1/customers', write: (can) => can('PUT /api/v1/customers/{id}') },
  { id: 'audit', read: 'GET /api/v1/audit', write: () => false },
];

// The tabs `can` may read, in display order, each with its write right.
export function visibleTabs(can: (route: string) => boolean): TabAccess[] {
  return rules.filter((r) => can(r.read)).map((r) => ({ id: r.id, canWrite: r.write(can) }));
}

// The tab to show for `?tab=`: the requested one when visible, else the first visible one.
export function activeTab(requested: string | undefined, tabs: readonly TabAccess[]): TabAccess | undefined {
  return tabs.find((t) => t.id === requested) ?? tabs[0];
}
