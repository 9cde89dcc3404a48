// Machines (master data): code, name, work center, protocol, endpoint, ideal cycle; writers
// create, edit and delete.
import { ActionIcon, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { QueryState } from '../../../components/QueryState';
import { t } from '../../../i18n';
import { deleteMachine, useMachineMaster } from '../../machines/api';
import type { Machine, MachineFields } from '../../machines/types';
import { keys, listWorkCenters } from '../api';
import { AdminTable } from '../shared/AdminTable';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { useAdminMutation } from '../shared/useAdminMutation';
import { blankMachine, MachineForm } from './MachineForm';

const m = t.machines.admin;

export function MachinesTab({ canWrite }: { canWrite: boolean }) {
  const query = useMachineMaster();
  const wcs = useQuery({ queryKey: keys.workCenters, queryFn: listWorkCenters });
  const [editing, setEditing] = useState<MachineFields | null>(null);
  const [removing, setRemoving] = useState<Machine | null>(null);
  const remove = useAdminMutation(deleteMachine, {
    roots: ['machines', 'audit'],
    ok: (v) => m.removed(v.code),
    onSuccess: () => setRemoving(null),
  });
  const wcCode = useMemo(() => new Map((wcs.data ?? []).map((w) => [w.id, w.code])), [wcs.data]);

  const columns = useMemo<ColumnDef<Machine>[]>(
    () => [
      {
        id: 'code',
        header: m.code,
        accessorFn: (x) => x.code,
        cell: (c) => (
          <Text fw={600} size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
            {c.row.original.code}
          </Text>
        ),
      },
      { id: 'name', header: m.name, accessorFn: (x) => x.name },
      {
        id: 'wc',
        header: m.workCenter,
        accessorFn: (x) => (x.work_center_id === null ? '' : (wcCode.get(x.work_center_id) ?? `#${x.work_center_id}`)),
        cell: ({ getValue }) => (getValue() as string) || <Text span c="gray.7" size="sm">{m.noWorkCenter}</Text>,
      },
      { id: 'protocol', header: m.protocol, accessorFn: (x) => m.protocols[x.protocol] ?? x.protocol },
      {
        id: 'endpoint',
        header: m.endpoint,
        accessorFn: (x) => x.endpoint,
        cell: ({ row }) => (
          <Text size="xs" ff="monospace" truncate maw={260} title={row.original.endpoint}>
            {row.original.endpoint}
          </Text>
        ),
      },
      { id: 'cycle', header: m.idealCycle, accessorFn: (x) => x.ideal_cycle_s },
      { id: 'active', header: m.active, accessorFn: (x) => (x.active ? m.activeYes : m.activeNo) },
      ...(canWrite
        ? [
            {
              id: 'actions',
              header: t.admin.actions,
              enableSorting: false,
              cell: ({ row }) => (
                <Group gap={2} wrap="nowrap">
                  <Tooltip label={m.edit(row.original.code)}>
                    <ActionIcon variant="subtle" aria-label={m.edit(row.original.code)} onClick={() => setEditing(row.original)}>
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={m.remove(row.original.code)}>
                    <ActionIcon variant="subtle" color="red.8" aria-label={m.remove(row.original.code)} onClick={() => setRemoving(row.original)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              ),
            } satisfies ColumnDef<Machine>,
          ]
        : []),
    ],
    [canWrite, wcCode],
  );

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="gray.7">
          {query.data ? m.count(query.data.length) : ''}
        </Text>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(blankMachine)}>
            {m.create}
          </Button>
        )}
      </Group>
      <QueryState query={query} isEmpty={(d) => d.length === 0} empty={t.machines.none}>
        {(rows) => (
          <AdminTable
            data={[...rows].sort((a, b) => a.code.localeCompare(b.code))}
            columns={columns}
            label={t.admin.tabs.machines}
            rowId={(x) => String(x.id)}
            testId="machines-table"
          />
        )}
      </QueryState>
      {editing && <MachineForm initial={editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        opened={removing !== null}
        title={removing ? m.removeTitle(removing.code) : ''}
        confirmLabel={t.common.delete}
        color="red"
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      >
        {m.removeText}
      </ConfirmDialog>
    </>
  );
}
