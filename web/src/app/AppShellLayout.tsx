// The frame of every desk screen: navigation (only what the role may see), the live-update
// indicator, the user menu. Redirects to /login when there is no session.
import { AppShell, Burger, Group, Menu, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Navigate, Outlet, useRouterState } from '@tanstack/react-router';
import { useCan, useMe, useSignOut } from '../auth/session';
import { QueryState } from '../components/QueryState';
import { t } from '../i18n';
import { getPlantZone } from '../lib/time';
import { ApprovalsBadge } from './ApprovalsBadge';
import { LiveBadge } from './LiveBadge';
import { navEntries } from './nav';

export function AppShellLayout() {
  const me = useMe();
  const can = useCan();
  const signOut = useSignOut();
  const [opened, { toggle, close }] = useDisclosure();
  const path = useRouterState({ select: (s) => s.location.pathname });

  return (
    <QueryState query={me}>
      {(user) =>
        user === null ? (
          <Navigate to="/login" replace />
        ) : (
          <AppShell
            header={{ height: 52 }}
            navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !opened } }}
            padding="md"
          >
            <AppShell.Header className="kerf-header">
              <Group h="100%" px="md" justify="space-between" wrap="nowrap">
                <Group gap="sm" wrap="nowrap">
                  <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
                  <Text fw={800} size="lg" c="white" component={Link} to="/">
                    kerf
                  </Text>
                  <LiveBadge />
                </Group>
                <Group gap="sm" wrap="nowrap">
                  <Text size="xs" c="gray.4" visibleFrom="sm">
                    {t.common.plantTime(getPlantZone())}
                  </Text>
                  <Menu position="bottom-end">
                    <Menu.Target>
                      <UnstyledButton c="white" data-testid="user-menu">
                        {user.username} · {user.roles.join(', ')}
                      </UnstyledButton>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => void signOut()}>{t.common.signOut}</Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              </Group>
            </AppShell.Header>
            <AppShell.Navbar p="xs" aria-label={t.nav.mainNav} component="nav">
              {navEntries
                .filter((e) => e.visible(can))
                .map((e) => (
                  <NavLink
                    key={e.to}
                    component={Link}
                    to={e.to}
                    label={e.label}
                    rightSection={e.badge === 'approvals' ? <ApprovalsBadge /> : undefined}
                    active={path === e.to || path.startsWith(`${e.to}/`)}
                    onClick={close}
                  />
                ))}
            </AppShell.Navbar>
            <AppShell.Main>
              <Outlet />
            </AppShell.Main>
          </AppShell>
        )
      }
    </QueryState>
  );
}
