// The dispatch list as a table (TanStack Table): the order operators should work in.
import { Badge, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { Anchor } from '@mantine/core';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { fmtMaterial, fmtThickness } from './format';
import { stateColor } from './palette';
import type { DispatchItem } from './types';

const h = createColumnHelper<DispatchItem>();
const d = t.departments;

const cols = [
  h.display({ id: 'pos', header: d.col.seq, cell: (c) => c.row.index + 1 }),
  h.accessor('op_status', {
    header: d.col.status,
    cell: (c) => (
      <Badge size="sm" variant="filled" color={stateColor[c.getValue()] ?? stateColor.queued} miw={84}>
        {d.status[c.getValue()] ?? c.getValue()}
      </Badge>
    ),
  }),
  h.accessor('job_number', {
    header: d.col.job,
    cell: (c) => (
      <Anchor component={Link} to={`/jobs/${c.row.original.job_id}`} fw={700} size="sm">
        {c.getValue()}
      </Anchor>
    ),
  }),
  h.accessor((r) => `${r.sequence} · ${r.op_name}`, { id: 'op', header: d.col.op }),
  h.accessor('part_number', {
    header: d.col.part,
    cell: (c) => (
      <div>
        <Text size="sm" fw={600}>
          {c.getValue()}
        </Text>
        <Text size="xs" c="dimmed">
          {c.row.original.part_name}
        </Text>
      </div>
    ),
  }),
  h.accessor((r) => [fmtMaterial(r.material), fmtThickness(r.thickness_mm)].filter(Boolean).join(' · '), {
    id: 'material',
    header: d.col.material,
    cell: (c) => c.getValue() || '—',
  }),
  h.accessor('quantity', {
    header: d.col.qty,
    cell: (c) => {
      const r = c.row.original;
      return r.qty_good + r.qty_scrap > 0 ? d.qtyDone(r.quantity, r.qty_good, r.qty_scrap) : r.quantity;
    },
  }),
  h.accessor('start', { header: d.col.start, cell: (c) => fmtDateTime(c.getValue()) }),
  h.accessor('due', {
    header: d.col.due,
    cell: (c) => {
      const late = Date.parse(c.getValue()) < Date.now();
      return (
        <Text size="sm" c={late ? 'red.9' : undefined} fw={late ? 700 : undefined}>
          {late ? `${d.late} · ` : ''}
          {fmtDateTime(c.getValue())}
        </Text>
      );
    },
  }),
  h.accessor('customer', { header: d.col.customer }),
];

export function DispatchTable({ items }: { items: DispatchItem[] }) {
  const table = useReactTable({
    data: items,
    columns: cols,
    getCoreRowModel: getCoreRowModel(),
  });
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped highlightOnHover withTableBorder className="kerf-dispatch-table" verticalSpacing={6} horizontalSpacing="xs">
        <Table.Thead>
          {table.getHeaderGroups().map((g) => (
            <Table.Tr key={g.id}>
              {g.headers.map((hd) => (
                <Table.Th key={hd.id}>{flexRender(hd.column.columnDef.header, hd.getContext())}</Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((r) => (
            <Table.Tr key={r.id} data-testid={`dispatch-op-${r.original.operation_id}`}>
              {r.getVisibleCells().map((c) => (
                <Table.Td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
