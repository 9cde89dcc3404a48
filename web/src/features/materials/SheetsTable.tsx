// Sheet stacks and remnants grouped by material and thickness (TanStack Table grouping), each
// group with its total quantity.
import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  getGroupedRowModel,
  useReactTable,
  type ExpandedState,
} from '@tanstack/react-table';
import { useState } from 'react';
import { t } from '../../i18n';
import { heatLotPath } from '../jobs/links';
import type { HeatLot, Sheet } from './types';

export interface SheetRow extends Sheet {
  group: string;
  lot: HeatLot | undefined;
  sigmanestName: string | undefined; // the name Sigmanest knows this remnant by
}

const col = createColumnHelper<SheetRow>();

export const materialName = (m: string) => t.materials.materialName[m] ?? m;

const columns = [
  col.accessor('group', { header: t.materials.material, cell: () => null }),
  col.accessor((r) => `${r.length_mm} × ${r.width_mm}`, { id: 'size', header: t.materials.size, aggregatedCell: () => null }),
  col.accessor('is_remnant', {
    header: t.materials.kind,
    cell: (c) =>
      c.getValue() ? (
        <Group gap={4}>
          <Badge size="xs" color="grape" variant="light">
            {t.materials.remnant}
          </Badge>
          {c.row.original.parent_sheet_id ? (
            <Text size="xs" c="dimmed">
              {t.materials.parent} {t.materials.stack(c.row.original.parent_sheet_id)}
            </Text>
          ) : null}
          {c.row.original.sigmanestName ? (
            <Text size="xs" ff="monospace" data-testid="sigmanest-name">
              {t.materials.sigmanestName(c.row.original.sigmanestName)}
            </Text>
          ) : null}
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          {t.materials.sheet}
        </Text>
      ),
    aggregatedCell: () => null,
  }),
  col.accessor('location', { header: t.materials.location, aggregatedCell: () => null }),
  col.accessor((r) => r.lot?.number ?? '', {
    id: 'lot',
    header: t.materials.heatLot,
    cell: (c) =>
      c.row.original.lot ? (
        <Anchor component={Link} to={heatLotPath(c.row.original.heat_lot_id)} size="sm">
          {c.row.original.lot.number}
        </Anchor>
      ) : (
        `#${c.row.original.heat_lot_id}`
      ),
    aggregatedCell: () => null,
  }),
  col.accessor('quantity', {
    header: t.materials.quantity,
    aggregationFn: 'sum',
    cell: (c) => <Text size="sm" ta="right" ff="monospace">{c.getValue()}</Text>,
    aggregatedCell: (c) => (
      <Text size="sm" ta="right" ff="monospace" fw={700}>
        {c.getValue<number>()}
      </Text>
    ),
  }),
];

// Stable across renders: a new array would regroup, reset paging and re-render without end.
const grouping = ['group'];

export function SheetsTable({ rows }: { rows: SheetRow[] }) {
  const [expanded, setExpanded] = useState<ExpandedState>(true);
  const table = useReactTable({
    data: rows,
    columns,
    state: { grouping, expanded },
    onExpandedChange: setExpanded,
    autoResetExpanded: false,
    getCoreRowModel: getCoreRowModel(),
    getGroupedRowModel: getGroupedRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
    getRowId: (r) => String(r.id),
  });
  if (rows.length === 0) return <Text c="dimmed" ta="center" py="xl">{t.materials.noSheets}</Text>;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing={6} fz="sm" aria-label={t.materials.stockTab} data-testid="sheets-table">
        <Table.Thead>
          <Table.Tr>
            {table.getHeaderGroups()[0]!.headers.map((h) => (
              <Table.Th key={h.id} ta={h.column.id === 'quantity' ? 'right' : undefined}>
                {flexRender(h.column.columnDef.header, h.getContext())}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => {
            if (row.getIsGrouped()) {
              const first = row.subRows[0]?.original;
              const Icon = row.getIsExpanded() ? IconChevronDown : IconChevronRight;
              const label = first ? `${materialName(first.material)} · ${first.thickness_mm} mm` : row.id;
              return (
                <Table.Tr key={row.id} bg="gray.0">
                  <Table.Td colSpan={5}>
                    <Anchor
                      component="button"
                      type="button"
                      c="dark"
                      fw={700}
                      size="sm"
                      onClick={row.getToggleExpandedHandler()}
                      aria-expanded={row.getIsExpanded()}
                    >
                      <Group gap={6}>
                        <Icon size={14} aria-hidden />
                        {label}
                        <Text span size="xs" c="dimmed" fw={400}>
                          {t.materials.groupTotal(row.getValue<number>('quantity'), row.subRows.length)}
                        </Text>
                      </Group>
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {flexRender(row.getVisibleCells()[5]!.column.columnDef.aggregatedCell, row.getVisibleCells()[5]!.getContext())}
                  </Table.Td>
                </Table.Tr>
              );
            }
            return (
              <Table.Tr key={row.id} c={row.original.quantity === 0 ? 'dimmed' : undefined}>
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
