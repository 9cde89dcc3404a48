// A dense, sortable table of admin records (TanStack Table rendered with Mantine's Table).
// With `groupOf`, rows are kept in group order and a heading row starts each group.
import { Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { Fragment, useState } from 'react';

interface Props<T> {
  data: T[];
  columns: ColumnDef<T>[];
  label: string;
  rowId: (row: T) => string;
  groupOf?: (row: T) => string;
  groupLabel?: (group: string, rows: T[]) => string;
  testId?: string;
}

export function AdminTable<T>({ data, columns, label, rowId, groupOf, groupLabel, testId }: Props<T>) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getRowId: (r) => rowId(r),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  let rows = table.getRowModel().rows;
  if (groupOf) {
    const order = [...new Set(data.map(groupOf))];
    rows = [...rows].sort((a, b) => order.indexOf(groupOf(a.original)) - order.indexOf(groupOf(b.original)));
  }
  const width = table.getVisibleLeafColumns().length;

  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing={6} fz="sm" aria-label={label} data-testid={testId} stickyHeader>
        <Table.Thead>
          {table.getHeaderGroups().map((hg) => (
            <Table.Tr key={hg.id}>
              {hg.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                const canSort = h.column.getCanSort();
                const content = flexRender(h.column.columnDef.header, h.getContext());
                return (
                  <Table.Th
                    key={h.id}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    {canSort ? (
                      <UnstyledButton
                        onClick={h.column.getToggleSortingHandler()}
                        fz="sm"
                        fw={600}
                        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
                      >
                        {content}
                        {sorted === 'asc' ? (
                          <IconArrowUp size={13} aria-hidden />
                        ) : sorted === 'desc' ? (
                          <IconArrowDown size={13} aria-hidden />
                        ) : (
                          <IconArrowsSort size={13} aria-hidden opacity={0.35} />
                        )}
                      </UnstyledButton>
                    ) : (
                      content
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => {
            const group = groupOf?.(row.original);
            const starts = group !== undefined && (i === 0 || groupOf?.(rows[i - 1]!.original) !== group);
            return (
              <Fragment key={row.id}>
                {starts && (
                  <Table.Tr className="kerf-admin-group">
                    <Table.Th colSpan={width} scope="colgroup" bg="gray.1">
                      <Text fw={700} size="sm" tt="capitalize">
                        {groupLabel ? groupLabel(group, data.filter((d) => groupOf?.(d) === group)) : group}
                      </Text>
                    </Table.Th>
                  </Table.Tr>
                )}
                <Table.Tr data-row-id={row.id}>
                  {row.getVisibleCells().map((cell) => (
                    <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
                  ))}
                </Table.Tr>
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
