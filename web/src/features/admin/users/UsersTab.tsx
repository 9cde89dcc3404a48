// Users and roles (admin): who may sign in, with which roles, and who has a station badge.
import { Badge, Button, Group, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { QueryState } from '../../../components/QueryState';
import { t } from '../../../i18n';
import { deactivateUser, keys, listUsers } from '../api';
import { AdminTable } from '../shared/AdminTable';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { useAdminMutation } from '../shared/useAdminMutation';
import type { User } from '../types';
import { BadgeModal } from './BadgeModal';
import { UserCreateModal } from './UserCreateModal';
import { UserRolesModal } from './UserRolesModal';

const m = t.admin.users;
const roleColor: Record<string, string> = {
  admin: 'grape.9',
  planner: 'indigo.9',
  lead: 'cyan.9',
  operator: 'gray.8',
  quality: 'pink.9',
  shipping: 'teal.9',
};

type Dialog = { kind: 'roles' | 'badge' | 'deactivate'; user: User } | { kind: 'create' } | null;

export function UsersTab() {
  const query = useQuery({ queryKey: keys.users, queryFn: listUsers });
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const deactivate = useAdminMutation(deactivateUser, {
    roots: ['users', 'audit'],
    ok: (u) => m.deactivated(u.username),
    onSuccess: close,
  });

  const columns = useMemo<ColumnDef<User>[]>(
    () => [
      { id: 'username', header: m.username, accessorFn: (u) => u.username, cell: (c) => <Text fw={600} size="sm">{c.row.original.username}</Text> },
      { id: 'display_name', header: m.displayName, accessorFn: (u) => u.display_name },
      {
        id: 'roles',
        header: m.roles,
        enableSorting: false,
        cell: ({ row }) => (
          <Group gap={4}>
            {row.original.roles.map((r) => (
              <Badge key={r} size="sm" variant="outline" color={roleColor[r] ?? 'gray.8'}>
                {r}
              </Badge>
            ))}
          </Group>
        ),
      },
      {
        id: 'active',
        header: m.active,
        accessorFn: (u) => (u.active ? 1 : 0),
        cell: ({ row }) =>
          row.original.active ? (
            <Badge size="sm" color="teal.9" variant="outline">{m.active}</Badge>
          ) : (
            <Badge size="sm" color="gray.7" variant="filled">{m.inactive}</Badge>
          ),
      },
      {
        id: 'badge',
        header: m.badge,
        enableSorting: false,
        cell: ({ row }) =>
          row.original.has_badge === undefined ? (
            <Text size="sm" c="dimmed">{t.admin.unknown}</Text>
          ) : (
            <Text size="sm">{row.original.has_badge ? m.hasBadge : m.noBadge}</Text>
          ),
      },
      {
        id: 'actions',
        header: t.admin.actions,
        enableSorting: false,
        cell: ({ row }) => {
          const u = row.original;
          if (!u.active) return null;
          return (
            <Group gap={4} wrap="nowrap" role="group" aria-label={m.rowActions(u.username)}>
              <Button size="compact-xs" variant="light" onClick={() => setDialog({ kind: 'roles', user: u })} aria-label={`${m.editRoles}: ${u.username}`}>
                {m.editRoles}
              </Button>
              <Button size="compact-xs" variant="light" onClick={() => setDialog({ kind: 'badge', user: u })} aria-label={`${m.badgeAction}: ${u.username}`}>
                {m.badgeAction}
              </Button>
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDialog({ kind: 'deactivate', user: u })} aria-label={`${m.deactivate}: ${u.username}`}>
                {m.deactivate}
              </Button>
            </Group>
          );
        },
      },
    ],
    [],
  );

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {query.data ? m.count(query.data.length) : ''}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'create' })}>
          {m.create}
        </Button>
      </Group>
      <QueryState query={query} isEmpty={(d) => d.length === 0}>
        {(users) => <AdminTable data={users} columns={columns} label={t.admin.tabs.users} rowId={(u) => String(u.id)} testId="users-table" />}
      </QueryState>
      <UserCreateModal opened={dialog?.kind === 'create'} onClose={close} />
      {dialog?.kind === 'roles' && <UserRolesModal user={dialog.user} onClose={close} />}
      {dialog?.kind === 'badge' && <BadgeModal user={dialog.user} onClose={close} />}
      {dialog?.kind === 'deactivate' && (
        <ConfirmDialog
          opened
          title={m.deactivateTitle(dialog.user.username)}
          confirmLabel={m.deactivate}
          color="red"
          loading={deactivate.isPending}
          onConfirm={() => deactivate.mutate(dialog.user)}
          onClose={close}
        >
          {m.deactivateBody}
        </ConfirmDialog>
      )}
    </>
  );
}
