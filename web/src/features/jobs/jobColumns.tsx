// Column definitions of the jobs table. Sortable columns are the ones the server sorts.
import { Anchor, Badge, Group, Progress as Bar, Stack, Text, Tooltip } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { createColumnHelper } from '@tanstack/react-table';
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration } from '../../lib/time';
import type { JobRow } from './jobRows';
import { jobPath } from './links';
import { JobStatusBadge, PriorityBadge } from './StatusBadge';
import type { JobSortField } from './types';

const col = createColumnHelper<JobRow>();

export interface ColumnMeta {
  sort?: JobSortField;
  width: number;
  align?: 'right';
}

export const jobColumns = [
  col.accessor('number', {
    header: t.jobs.col.number,
    meta: { sort: 'number', width: 100 } satisfies ColumnMeta,
    cell: (c) => (
      <Anchor
        component={Link}
        to={jobPath(c.row.original.id)}
        fw={600}
        size="sm"
        onClick={(e) => e.stopPropagation()}
      >
        {c.getValue()}
      </Anchor>
    ),
  }),
  col.accessor('partNumber', {
    header: t.jobs.col.part,
    meta: { width: 210 } satisfies ColumnMeta,
    cell: (c) => (
      <Stack gap={0}>
        <Text size="sm" truncate>
          {c.getValue()}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {c.row.original.partDescription}
        </Text>
      </Stack>
    ),
  }),
  col.accessor('customerName', {
    header: t.jobs.col.customer,
    meta: { width: 180 } satisfies ColumnMeta,
    cell: (c) => (
      <Group gap={6} wrap="nowrap">
        <Text size="sm" truncate>
          {c.getValue()}
        </Text>
        {c.row.original.vip && (
          <Badge size="xs" color="grape" variant="light" style={{ flexShrink: 0 }}>
            VIP
          </Badge>
        )}
      </Group>
    ),
  }),
  col.accessor('quantity', {
    header: t.jobs.col.quantity,
    meta: { sort: 'quantity', width: 60, align: 'right' } satisfies ColumnMeta,
    cell: (c) => <Text size="sm" ta="right" ff="monospace">{c.getValue()}</Text>,
  }),
  col.accessor('due', {
    header: t.jobs.col.due,
    meta: { sort: 'due', width: 150 } satisfies ColumnMeta,
    cell: (c) => (
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {fmtDateTime(c.getValue())}
      </Text>
    ),
  }),
  col.accessor('priority', {
    header: t.jobs.col.priority,
    meta: { sort: 'priority', width: 90 } satisfies ColumnMeta,
    cell: (c) => <PriorityBadge priority={c.getValue()} />,
  }),
  col.accessor('status', {
    header: t.jobs.col.status,
    meta: { sort: 'status', width: 118 } satisfies ColumnMeta,
    cell: (c) => <JobStatusBadge status={c.getValue()} />,
  }),
  col.accessor('progress', {
    header: t.jobs.col.progress,
    meta: { width: 136 } satisfies ColumnMeta,
    cell: (c) => {
      const p = c.getValue();
      if (!p) return <Text size="xs" c="dimmed">{t.jobs.noRouting}</Text>;
      const label = t.jobs.progressOf(p.done, p.total);
      return (
        <Group gap={8} wrap="nowrap">
          <Bar value={(100 * p.done) / p.total} w={60} size="sm" color="teal" aria-label={label} />
          <Text size="xs" c="dimmed">
            {label}
          </Text>
        </Group>
      );
    },
  }),
  col.accessor('lateness', {
    header: t.jobs.col.lateness,
    meta: { width: 104 } satisfies ColumnMeta,
    cell: (c) => {
      const l = c.getValue();
      if (!l || l.lateness_seconds <= 0) return <Text size="xs" c="dimmed">—</Text>;
      return (
        <Tooltip label={fmtDateTime(l.projected_end)}>
          <Badge color="red" variant="light" size="sm">
            {t.jobs.late(fmtDuration(l.lateness_seconds))}
          </Badge>
        </Tooltip>
      );
    },
  }),
];
