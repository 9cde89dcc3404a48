// The audit entries as a virtualised table (TanStack Table + Virtual): only the visible rows
// are in the DOM; a row expands to its before/after documents. Asks for more rows near the end.
import { ActionIcon, Badge, Code, SimpleGrid, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { fmtDateTime } from '../../../lib/time';
import { t } from '../../../i18n';
import type { AuditEntry } from '../types';
import { changeSummary } from './changes';
import classes from './AuditTable.module.css';

const m = t.admin.audit;

interface Props {
  entries: AuditEntry[];
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
}

const widths: Record<string, number | undefined> = { expand: 48, at: 170, actor: 120, action: 130, entity: 170, changes: undefined };

export function AuditTable({ entries, hasMore, loadingMore, onMore }: Props) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const columns = useMemo<ColumnDef<AuditEntry>[]>(
    () => [
      {
        id: 'expand',
        header: () => <span className={classes.sr}>{m.changes}</span>,
        cell: ({ row }) => {
          const id = row.original.id;
          const isOpen = open.has(id);
          return (
            <ActionIcon size="sm" variant="subtle" aria-expanded={isOpen} aria-label={isOpen ? m.collapse(id) : m.expand(id)} onClick={() => toggle(id)}>
              {isOpen ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            </ActionIcon>
          );
        },
      },
      { id: 'at', header: m.at, cell: ({ row }) => <span title={row.original.at}>{fmtDateTime(row.original.at)}</span> },
      { id: 'actor', header: m.actor, cell: ({ row }) => row.original.actor },
      { id: 'action', header: m.action, cell: ({ row }) => <Badge size="sm" variant="light" color="gray" tt="none">{row.original.action}</Badge> },
      { id: 'entity', header: m.entity, cell: ({ row }) => `${row.original.entity} #${row.original.entity_id}` },
      { id: 'changes', header: m.changes, cell: ({ row }) => <Text size="xs" c="dimmed" truncate>{changeSummary(row.original.before, row.original.after)}</Text> },
    ],
    [open],
  );
  const table = useReactTable({ data: entries, columns, getCoreRowModel: getCoreRowModel(), getRowId: (e) => String(e.id) });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 37,
    overscan: 12,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && last >= rows.length - 20) onMore();
  }, [last, rows.length, hasMore, loadingMore, onMore]);

  const cellStyle = (id: string) => (widths[id] ? { width: widths[id], flex: 'none' } : { flex: 1, minWidth: 0 });

  return (
    <div ref={scrollRef} className={classes.scroll} data-testid="audit-table">
      <table className={classes.table} aria-label={m.tableLabel} aria-rowcount={rows.length + 1}>
        <thead className={classes.thead}>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id} className={classes.tr} aria-rowindex={1}>
              {hg.headers.map((h) => (
                <th key={h.id} className={classes.th} style={cellStyle(h.id)}>
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className={classes.tbody} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((v) => {
            const row = rows[v.index]!;
            const e = row.original;
            return (
              <tr key={row.id} data-index={v.index} ref={virtualizer.measureElement} className={classes.row} style={{ transform: `translateY(${v.start}px)` }} aria-rowindex={v.index + 2} data-entity={e.entity}>
                {row.getVisibleCells().map((c) => (
                  <td key={c.id} className={classes.td} style={cellStyle(c.column.id)}>
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </td>
                ))}
                {open.has(e.id) && (
                  <td className={classes.detail} colSpan={columns.length}>
                    <SimpleGrid cols={2} spacing="sm">
                      <Doc title={m.before} value={e.before} />
                      <Doc title={m.after} value={e.after} />
                    </SimpleGrid>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {loadingMore && (
        <Text size="xs" c="dimmed" ta="center" py={4} role="status">
          {m.loadingMore}
        </Text>
      )}
    </div>
  );
}

function Doc({ title, value }: { title: string; value: unknown }) {
  return (
    <div>
      <Text size="xs" fw={700} mb={2}>
        {title}
      </Text>
      <Code block className={classes.json} tabIndex={0} aria-label={title}>
        {value === null || value === undefined ? m.none : JSON.stringify(value, null, 2)}
      </Code>
    </div>
  );
}
