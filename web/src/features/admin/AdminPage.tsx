// Administration: users, master data, shift calendars and the audit log, one tab each. The tab
// is in the URL (`?tab=`), and a role only sees the tabs it may read (read-only where it may
// not write).
import { Alert, Stack, Tabs, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useCan } from '../../auth/session';
import { t } from '../../i18n';
import { AuditTab } from './audit/AuditTab';
import { CalendarsTab } from './calendars/CalendarsTab';
import { MachinesTab } from './machines/MachinesTab';
import { CustomersTab, PartsTab, ToolsTab } from './master/MasterTabs';
import { activeTab, visibleTabs, type AdminTabId } from './tabs';
import { UsersTab } from './users/UsersTab';
import { WorkCentersTab } from './workcenters/WorkCentersTab';

const labels: Record<AdminTabId, string> = {
  users: t.admin.tabs.users,
  'work-centers': t.admin.tabs.workCenters,
  machines: t.admin.tabs.machines,
  calendars: t.admin.tabs.calendars,
  parts: t.admin.tabs.parts,
  tools: t.admin.tabs.tools,
  customers: t.admin.tabs.customers,
  audit: t.admin.tabs.audit,
};

function panel(id: AdminTabId, canWrite: boolean): ReactNode {
  switch (id) {
    case 'users':
      return <UsersTab />;
    case 'work-centers':
      return <WorkCentersTab canWrite={canWrite} />;
    case 'machines':
      return <MachinesTab canWrite={canWrite} />;
    case 'calendars':
      return <CalendarsTab canWrite={canWrite} />;
    case 'parts':
      return <PartsTab canWrite={canWrite} />;
    case 'tools':
      return <ToolsTab canWrite={canWrite} />;
    case 'customers':
      return <CustomersTab canWrite={canWrite} />;
    case 'audit':
      return <AuditTab />;
  }
}

export function AdminPage() {
  const can = useCan();
  const search = useSearch({ strict: false }) as { tab?: string };
  const navigate = useNavigate();
  const tabs = visibleTabs(can);
  const current = activeTab(search.tab, tabs);
  if (!current) return <Alert color="gray">{t.common.notAllowed}</Alert>;

  return (
    <Stack gap="sm">
      <Title order={1} size="h3">
        {t.admin.title}
      </Title>
      <Tabs
        value={current.id}
        onChange={(v) => v && void navigate({ to: '/admin', search: { tab: v }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List aria-label={t.admin.tabsLabel}>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.id} value={tab.id}>
              {labels[tab.id]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((tab) => (
          <Tabs.Panel key={tab.id} value={tab.id} pt="md">
            {!tab.canWrite && tab.id !== 'audit' && (
              <Alert color="gray" variant="light" py={6} mb="sm">
                {t.admin.readOnly}
              </Alert>
            )}
            {panel(tab.id, tab.canWrite)}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
