// The navigation entries and who sees them (from the server's route permissions).
import { t } from '../i18n';

export interface NavEntry {
  to: string;
  label: string;
  visible: (can: (route: string) => boolean) => boolean;
  // A live count shown beside the label (the approvals inbox: pending approvals).
  badge?: 'approvals';
}

const always = () => true;

export const navEntries: readonly NavEntry[] = [
  { to: '/planner', label: t.nav.planner, visible: always },
  { to: '/load', label: t.nav.load, visible: always },
  { to: '/dashboard', label: t.nav.dashboard, visible: always },
  { to: '/jobs', label: t.nav.jobs, visible: always },
  { to: '/departments', label: t.nav.departments, visible: always },
  {
    to: '/terminal',
    label: t.nav.terminal,
    visible: (can) => can('POST /api/v1/operations/{id}/start'),
  },
  { to: '/materials', label: t.nav.materials, visible: always },
  { to: '/machines', label: t.nav.machines, visible: (can) => can('GET /api/v1/machines') },
  { to: '/oee', label: t.nav.oee, visible: (can) => can('GET /api/v1/oee') },
  { to: '/laser', label: t.nav.laserQueue, visible: (can) => can('GET /api/v1/laser/queue') },
  {
    to: '/nests/efficiency',
    label: t.nav.nestEfficiency,
    visible: (can) => can('GET /api/v1/nests/efficiency'),
  },
  { to: '/sigmanest', label: t.nav.sigmanest, visible: (can) => can('GET /api/v1/sigmanest/status') },
  { to: '/approvals', label: t.nav.approvals, visible: always, badge: 'approvals' },
  { to: '/agents', label: t.nav.agents, visible: (can) => can('GET /api/v1/agents/threads') },
  {
    to: '/admin',
    label: t.nav.admin,
    visible: (can) =>
      can('GET /api/v1/users') || can('GET /api/v1/audit') || can('POST /api/v1/work-centers'),
  },
];

// Where a user lands after sign-in: operators at the terminal, planners at the board, others
// at the dashboard.
export function homeFor(roles: readonly string[]): string {
  if (roles.includes('planner') || roles.includes('admin')) return '/planner';
  if (roles.includes('operator')) return '/terminal';
  if (roles.includes('lead')) return '/departments';
  if (roles.includes('shipping')) return '/materials';
  return '/dashboard';
}
