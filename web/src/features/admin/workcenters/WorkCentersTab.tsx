// Work centers by department: status (colour + text), efficiency, calendar, cost rate and what
// each machine can do; writers create, edit and change status.
import { ActionIcon, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { QueryState } from '../../../components/QueryState';
import { t } from '../../../i18n';
import { keys, listCalendars, listWorkCenters } from '../api';
import { AdminTable } from '../shared/AdminTable';
import type { WorkCenter } from '../types';
import { capabilitySummary, fmtRate } from './format';
import { StatusControl } from './StatusControl';
import { blankWorkCenter, DEPARTMENTS, WorkCenterForm } from './WorkCenterForm';

const m = t.admin.wc;

export function WorkCentersTab({ canWrite }: { canWrite: boolean }) {
  const query = useQuery({ queryKey: keys.workCenters, queryFn: listWorkCenters });
  const calendars = useQuery({ queryKey: keys.calendars, queryFn: listCalendars });
  const [editing, setEditing] = useState<WorkCenter | null>(null);
  const calName = useMemo(() => new Map((calendars.data ?? []).map((c) => [c.id, c.name])), [calendars.data]);

  const columns = useMemo<ColumnDef<WorkCenter>[]>(
    () => [
      { id: 'code', header: m.code, accessorFn: (w) => w.code, cell: (c) => <Text fw={600} size="sm" ff="monospace" style={{ whiteSpace: "nowrap" }}>{c.row.original.code}</Text> },
      { id: 'name', header: m.name, accessorFn: (w) => w.name },
      { id: 'status', header: m.status, accessorFn: (w) => w.status, cell: ({ row }) => <StatusControl wc={row.original} canWrite={canWrite} /> },
      { id: 'efficiency', header: m.efficiency, accessorFn: (w) => w.efficiency, cell: ({ row }) => `${Math.round(row.original.efficiency * 100)} %` },
      {
        id: 'calendar',
        header: m.calendar,
        accessorFn: (w) => (w.calendar_id === null ? '' : (calName.get(w.calendar_id) ?? `#${w.calendar_id}`)),
        cell: ({ getValue }) => (getValue() as string) || <Text span c="dimmed" size="sm">{m.noCalendar}</Text>,
      },
      { id: 'cost', header: m.costRate, accessorFn: (w) => w.cost_rate_cents_per_hour, cell: ({ row }) => <Text size="sm" ta="right">{fmtRate(row.original.cost_rate_cents_per_hour)}</Text> },
      { id: 'caps', header: m.capabilities, enableSorting: false, cell: ({ row }) => <Text size="xs" c="dimmed">{capabilitySummary(row.original.capabilities)}</Text> },
      ...(canWrite
        ? [
            {
              id: 'actions',
              header: t.admin.actions,
              enableSorting: false,
              cell: ({ row }) => (
                <Tooltip label={m.edit(row.original.code)}>
                  <ActionIcon variant="subtle" aria-label={m.edit(row.original.code)} onClick={() => setEditing(row.original)}>
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
              ),
            } satisfies ColumnDef<WorkCenter>,
          ]
        : []),
    ],
    [canWrite, calName],
  );

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {query.data ? m.count(query.data.length, new Set(query.data.map((w) => w.department)).size) : ''}
        </Text>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(blankWorkCenter)}>
            {m.create}
          </Button>
        )}
      </Group>
      <QueryState query={query} isEmpty={(d) => d.length === 0}>
        {(wcs) => (
          <AdminTable
            data={[...wcs].sort((a, b) => DEPARTMENTS.indexOf(a.department) - DEPARTMENTS.indexOf(b.department))}
            columns={columns}
            label={t.admin.tabs.workCenters}
            rowId={(w) => String(w.id)}
            groupOf={(w) => w.department}
            groupLabel={(d, rows) => `${d} · ${rows.length}`}
            testId="work-centers-table"
          />
        )}
      </QueryState>
      {editing && <WorkCenterForm initial={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
