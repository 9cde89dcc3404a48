// The agent threads (TanStack Table over one server page), filtered by status and agent,
// newest first; each thread links to its trace and, while it waits, to its approval.
import { Anchor, Badge, Group, Pagination, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { approvalPath, threadPath } from '../approvals/links';
import { PAGE_SIZE, useThreads } from './api';
import { AGENTS, THREAD_STATUSES, type ThreadSummary } from './types';

const g = t.agents;

const statusColor: Record<string, string> = {
  running: 'blue',
  interrupted: 'yellow',
  done: 'teal',
  tripped: 'orange',
  failed: 'red',
};

export function ThreadStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={statusColor[status] ?? 'gray'} variant="light" c="dark.8" data-status={status}>
      {g.statusNames[status] ?? status}
    </Badge>
  );
}

const col = createColumnHelper<ThreadSummary>();

const columns = [
  col.accessor('id', {
    header: g.thread,
    cell: (c) => (
      <Anchor component={Link} to={threadPath(c.getValue())} size="sm" ff="monospace" aria-label={g.openThread(c.getValue())}>
        {c.getValue()}
      </Anchor>
    ),
  }),
  col.accessor('agent', { header: g.agent, cell: (c) => g.agentNames[c.getValue()] ?? c.getValue() }),
  col.accessor('status', {
    header: g.state,
    cell: (c) => (
      <Group gap={6} wrap="nowrap">
        <ThreadStatusBadge status={c.getValue()} />
        {c.row.original.approval_id ? (
          <Anchor component={Link} to={approvalPath(c.row.original.approval_id)} size="xs">
            {g.openApproval(c.row.original.approval_id)}
          </Anchor>
        ) : null}
      </Group>
    ),
  }),
  col.accessor('reason', {
    header: g.reason,
    cell: (c) => (
      <Text size="sm" lineClamp={2}>
        {c.getValue() || '—'}
      </Text>
    ),
  }),
  col.accessor('trigger', {
    header: g.trigger,
    cell: (c) => (
      <Text size="xs" c="gray.7" lineClamp={2}>
        {c.getValue() || '—'}
      </Text>
    ),
  }),
  col.accessor('step', { header: g.step, meta: { right: true } }),
  col.accessor('llm_calls', { header: g.llmCalls, meta: { right: true } }),
  col.accessor('tokens', { header: g.tokens, meta: { right: true } }),
  col.accessor('updated_at', { header: g.updated, cell: (c) => fmtDateTime(c.getValue()) }),
];

function Grid({ rows }: { rows: ThreadSummary[] }) {
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.id });
  const right = (meta: unknown) => ((meta as { right?: boolean } | undefined)?.right ? 'right' : undefined);
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table fz="sm" verticalSpacing={6} striped highlightOnHover aria-label={g.threads} data-testid="threads-table">
        <Table.Thead>
          {table.getHeaderGroups().map((hg) => (
            <Table.Tr key={hg.id}>
              {hg.headers.map((h) => (
                <Table.Th key={h.id} ta={right(h.column.columnDef.meta)}>
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((r) => (
            <Table.Tr key={r.id} data-testid={`thread-${r.id}`} data-status={r.original.status}>
              {r.getVisibleCells().map((c) => (
                <Table.Td key={c.id} ta={right(c.column.columnDef.meta)}>
                  {flexRender(c.column.columnDef.cell, c.getContext())}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ThreadsTable() {
  const [status, setStatus] = useState<string | null>(null);
  const [agent, setAgent] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const q = useThreads(status ?? '', agent ?? '', page);
  return (
    <Paper withBorder p="md" radius="sm">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={3} size="h4">
            {g.threads}
          </Title>
          <Group>
            <Select
              label={g.statusFilter}
              placeholder={g.all}
              clearable
              data={THREAD_STATUSES.map((s) => ({ value: s, label: g.statusNames[s] ?? s }))}
              value={status}
              onChange={(v) => {
                setStatus(v);
                setPage(1);
              }}
              w={200}
            />
            <Select
              label={g.agentFilter}
              placeholder={g.all}
              clearable
              data={AGENTS.map((s) => ({ value: s, label: g.agentNames[s] ?? s }))}
              value={agent}
              onChange={(v) => {
                setAgent(v);
                setPage(1);
              }}
              w={200}
            />
          </Group>
        </Group>
        <QueryState query={q} isEmpty={(d) => d.items.length === 0} empty={g.noThreads}>
          {(data) => (
            <Stack gap="sm">
              <Grid rows={data.items} />
              {data.total > PAGE_SIZE && (
                <Pagination
                  total={Math.ceil(data.total / PAGE_SIZE)}
                  value={page}
                  onChange={setPage}
                  size="sm"
                  getControlProps={(control) => ({ 'aria-label': control })}
                />
              )}
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}
