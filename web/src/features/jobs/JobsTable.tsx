// The jobs table: TanStack Table rows virtualised with @tanstack/react-virtual (only the visible
// rows are in the DOM), server-side sorting, and the next page fetched near the end.
import { ActionIcon, Menu, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconDots, IconSelector } from '@tabler/icons-react';
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { t } from '../../i18n';
import { actionLabel } from './JobActionDialog';
import { jobColumns, type ColumnMeta } from './jobColumns';
import type { JobAction } from './jobActions';
import type { JobRow } from './jobRows';
import type { JobSortField } from './types';

const ROW_HEIGHT = 48;

interface Props {
  rows: JobRow[];
  sort: JobSortField;
  order: 'asc' | 'desc';
  onSort: (field: JobSortField) => void;
  onOpen: (row: JobRow) => void;
  rowActions: (row: JobRow) => (JobAction | 'edit')[];
  onAction: (row: JobRow, action: JobAction | 'edit') => void;
  hasMore: boolean;
  loadMore: () => void;
}

export function JobsTable({ rows, sort, order, onSort, onOpen, rowActions, onAction, hasMore, loadMore }: Props) {
  const table = useReactTable({
    data: rows,
    columns: jobColumns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    getRowId: (r) => String(r.id),
  });
  const scrollRef = useRef<HTMLDivElement>(null);
  const model = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: model.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (hasMore && last && last.index >= model.length - 30) loadMore();
  }, [hasMore, last, model.length, loadMore]);

  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (last?.end ?? 0);
  const colCount = jobColumns.length + 1;

  return (
    <div ref={scrollRef} className="kerf-jobs-scroll" data-testid="jobs-table">
      <Table
        stickyHeader
        highlightOnHover
        verticalSpacing={4}
        style={{ tableLayout: 'fixed', minWidth: 1100 }}
        aria-rowcount={rows.length + 1}
      >
        <colgroup>
          {table.getVisibleLeafColumns().map((c) => (
            <col key={c.id} style={{ width: (c.columnDef.meta as ColumnMeta).width }} />
          ))}
          <col style={{ width: 44 }} />
        </colgroup>
        <Table.Thead>
          {table.getHeaderGroups().map((g) => (
            <Table.Tr key={g.id}>
              {g.headers.map((h) => {
                const meta = h.column.columnDef.meta as ColumnMeta;
                const label = flexRender(h.column.columnDef.header, h.getContext());
                const active = meta.sort === sort;
                const Icon = !active ? IconSelector : order === 'asc' ? IconChevronUp : IconChevronDown;
                return (
                  <Table.Th
                    key={h.id}
                    aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
                    ta={meta.align}
                  >
                    {meta.sort ? (
                      <UnstyledButton
                        onClick={() => onSort(meta.sort as JobSortField)}
                        fw={600}
                        fz="sm"
                        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
                        aria-label={t.jobs.sortBy(String(h.column.columnDef.header))}
                      >
                        {label}
                        <Icon size={14} aria-hidden />
                      </UnstyledButton>
                    ) : (
                      label
                    )}
                  </Table.Th>
                );
              })}
              <Table.Th>
                <VisuallyHidden>{t.jobs.actions}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {padTop > 0 && (
            <tr aria-hidden>
              <td colSpan={colCount} style={{ height: padTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((v) => {
            const row = model[v.index]!;
            const actions = rowActions(row.original);
            return (
              <Table.Tr
                key={row.id}
                h={ROW_HEIGHT}
                style={{ cursor: 'pointer' }}
                onClick={() => onOpen(row.original)}
                data-job={row.original.number}
              >
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id} style={{ overflow: 'hidden' }}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </Table.Td>
                ))}
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  {actions.length > 0 && (
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`${t.jobs.actions} ${row.original.number}`}>
                          <IconDots size={16} aria-hidden />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {actions.map((a) => (
                          <Menu.Item
                            key={a}
                            color={a === 'cancel' || a === 'delete' ? 'red' : undefined}
                            onClick={() => onAction(row.original, a)}
                          >
                            {a === 'edit' ? t.jobs.edit : actionLabel[a]}
                          </Menu.Item>
                        ))}
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={colCount} style={{ height: padBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && (
        <Text c="dimmed" ta="center" py="xl">
          {t.jobs.noJobs}
        </Text>
      )}
    </div>
  );
}
