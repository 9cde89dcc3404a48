// Every screen's URL. Screens are loaded lazily so the first page only downloads the shell.
import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  Navigate,
  redirect,
} from '@tanstack/react-router';
import { AppShellLayout } from './AppShellLayout';
import { HomeRedirect } from './HomeRedirect';
import { LoginPage } from '../auth/LoginPage';
import { meQuery } from '../auth/session';
import { queryClient } from './queryClient';

const rootRoute = createRootRoute({ component: Outlet });

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (s: Record<string, unknown>): { redirect?: string } =>
    typeof s.redirect === 'string' ? { redirect: s.redirect } : {},
  component: LoginPage,
});

// Full-screen pages without the navigation shell.
const terminalRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/terminal',
  component: lazyRouteComponent(() => import('../features/terminal/TerminalPage'), 'TerminalPage'),
});
const travellerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/print/jobs/$jobId',
  component: lazyRouteComponent(
    () => import('../features/travellers/TravellerPage'),
    'TravellerPage',
  ),
});

// Desk screens need a session: without one, go to /login and come back afterwards.
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: AppShellLayout,
  beforeLoad: async ({ location }) => {
    const me = await queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/login', search: { redirect: location.href } });
  },
});

const page = (path: string, load: () => Promise<Record<string, unknown>>, name: string) =>
  createRoute({
    getParentRoute: () => appRoute,
    path,
    component: lazyRouteComponent(load as never, name as never),
  });

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomeRedirect });
// /planner?wc=<work center id>&at=<ISO instant>: open the board focused there (from Load).
const plannerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/planner',
  validateSearch: (s: Record<string, unknown>): { wc?: number; at?: string } => {
    const wc = Number(s.wc);
    const at = typeof s.at === 'string' && !Number.isNaN(Date.parse(s.at)) ? s.at : undefined;
    return {
      ...(Number.isInteger(wc) && wc > 0 ? { wc } : {}),
      ...(at ? { at } : {}),
    };
  },
  component: lazyRouteComponent(() => import('../features/planner/PlannerPage'), 'PlannerPage'),
});
const loadRoute = page('/load', () => import('../features/load/LoadPage'), 'LoadPage');
const dashboardRoute = page(
  '/dashboard',
  () => import('../features/dashboard/DashboardPage'),
  'DashboardPage',
);
const jobsRoute = page('/jobs', () => import('../features/jobs/JobsPage'), 'JobsPage');
const jobRoute = page('/jobs/$jobId', () => import('../features/jobs/JobDetailPage'), 'JobDetailPage');
const departmentsRoute = page(
  '/departments',
  () => import('../features/departments/DepartmentsPage'),
  'DepartmentsPage',
);
const dispatchRoute = page(
  '/work-centers/$wcId/dispatch',
  () => import('../features/departments/DispatchPage'),
  'DispatchPage',
);
const materialsRoute = page(
  '/materials',
  () => import('../features/materials/MaterialsPage'),
  'MaterialsPage',
);
const heatLotRoute = page(
  '/materials/heat-lots/$lotId',
  () => import('../features/materials/HeatLotPage'),
  'HeatLotPage',
);
const machinesRoute = page('/machines', () => import('../features/machines/MachinesPage'), 'MachinesPage');
const machineRoute = page('/machines/$id', () => import('../features/machines/MachinePage'), 'MachinePage');
const oeeRoute = page('/oee', () => import('../features/machines/OeePage'), 'OeePage');
const laserRoute = page('/laser', () => import('../features/laser/LaserQueuePage'), 'LaserQueuePage');
const efficiencyRoute = page(
  '/nests/efficiency',
  () => import('../features/laser/EfficiencyPage'),
  'EfficiencyPage',
);
const sigmanestRoute = page('/sigmanest', () => import('../features/laser/SigmanestPage'), 'SigmanestPage');
const approvalsRoute = page('/approvals', () => import('../features/approvals/ApprovalsPage'), 'ApprovalsPage');
const approvalRoute = page(
  '/approvals/$approvalId',
  () => import('../features/approvals/ApprovalsPage'),
  'ApprovalPage',
);
const agentsRoute = page('/agents', () => import('../features/agents/AgentsPage'), 'AgentsPage');
const threadRoute = page(
  '/agents/threads/$threadId',
  () => import('../features/agents/ThreadPage'),
  'ThreadPage',
);
// The admin screen keeps its active tab in `?tab=` (AdminPage falls back to the first tab the
// role may see when it is missing or unknown).
const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin',
  validateSearch: (s: Record<string, unknown>): { tab?: string } =>
    typeof s.tab === 'string' ? { tab: s.tab } : {},
  component: lazyRouteComponent(() => import('../features/admin/AdminPage'), 'AdminPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  terminalRoute,
  travellerRoute,
  appRoute.addChildren([
    homeRoute,
    plannerRoute,
    loadRoute,
    dashboardRoute,
    jobsRoute,
    jobRoute,
    departmentsRoute,
    dispatchRoute,
    materialsRoute,
    heatLotRoute,
    machinesRoute,
    machineRoute,
    oeeRoute,
    laserRoute,
    efficiencyRoute,
    sigmanestRoute,
    approvalsRoute,
    approvalRoute,
    agentsRoute,
    threadRoute,
    adminRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  defaultPreload: 'intent',
  defaultNotFoundComponent: () => <Navigate to="/" replace />,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
