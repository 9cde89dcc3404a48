// A searchable, paged master-data list (server-side search and paging) with create and edit.
import { ActionIcon, Button, Group, Pagination, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { QueryState } from '../../../components/QueryState';
import { t } from '../../../i18n';
import { keys, listMaster, PAGE_SIZE, type MasterRoot } from '../api';
import { AdminTable } from '../shared/AdminTable';
import { EntityForm, type FieldSpec } from './EntityForm';

type Rec = { id: number; version: number };

interface Props<T extends Rec> {
  root: MasterRoot;
  label: string;
  columns: ColumnDef<T>[];
  fields: readonly FieldSpec[];
  blank: T;
  createLabel: string;
  createTitle: string;
  name: (r: T) => string;
  canWrite: boolean;
}

export function MasterTab<T extends Rec>(p: Props<T>) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<T | null>(null);
  const offset = (page - 1) * PAGE_SIZE;
  const query = useQuery({
    queryKey: keys.master(p.root, q, offset),
    queryFn: async () => (await listMaster(p.root, q, offset)) as unknown as { items: T[]; total: number },
    placeholderData: keepPreviousData,
  });
  const { columns: baseColumns, canWrite, name } = p;
  const columns = useMemo<ColumnDef<T>[]>(
    () =>
      canWrite
        ? [
            ...baseColumns,
            {
              id: 'actions',
              header: t.admin.actions,
              enableSorting: false,
              cell: ({ row }) => (
                <Tooltip label={t.admin.edit(name(row.original))}>
                  <ActionIcon variant="subtle" aria-label={t.admin.edit(name(row.original))} onClick={() => setEditing(row.original)}>
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
              ),
            },
          ]
        : baseColumns,
    [baseColumns, canWrite, name],
  );
  const total = query.data?.total ?? 0;

  return (
    <>
      <Group justify="space-between" mb="sm">
        <TextInput
          aria-label={`${t.common.search} ${p.label}`}
          placeholder={t.admin.searchPlaceholder}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          w={280}
        />
        <Group gap="sm">
          <Text size="sm" c="dimmed">
            {total > 0 ? t.admin.showing(offset + 1, Math.min(offset + PAGE_SIZE, total), total) : ''}
          </Text>
          {p.canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(p.blank)}>
              {p.createLabel}
            </Button>
          )}
        </Group>
      </Group>
      <QueryState query={query} isEmpty={(d) => d.items.length === 0}>
        {(d) => <AdminTable data={d.items} columns={columns} label={p.label} rowId={(r) => String(r.id)} testId={`${p.root}-table`} />}
      </QueryState>
      {total > PAGE_SIZE && (
        <Group justify="center" mt="sm">
          <Pagination total={Math.ceil(total / PAGE_SIZE)} value={page} onChange={setPage} size="sm" />
        </Group>
      )}
      {editing && (
        <EntityForm
          root={p.root}
          fields={p.fields}
          initial={editing as unknown as Record<string, unknown> & Rec}
          title={editing.id === 0 ? p.createTitle : t.admin.editTitle(p.name(editing))}
          name={(r) => p.name(r as unknown as T)}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
