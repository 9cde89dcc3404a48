// /jobs: every job with search, filters and server-side sorting; create, import and lifecycle
// actions for the roles that may take them.
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileImport, IconPlus } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { useCan } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { useCustomers, useJobProgress, useJobsList, useLateness, useParts } from './api';
import { JobActionDialog } from './JobActionDialog';
import { availableActions, type JobAction } from './jobActions';
import { JobFormModal } from './JobFormModal';
import { buildRows, type JobRow } from './jobRows';
import { JobsFilters, noFilters, type FilterValues } from './JobsFilters';
import { JobsTable } from './JobsTable';
import { jobPath } from './links';
import { ImportCsvModal } from './ImportCsvModal';
import { fromPlantInput } from './plantInput';
import type { JobFilters, JobSortField } from './types';
import './jobs.css';
import './contrast.css';

export function JobsPage() {
  const can = useCan();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<FilterValues>(noFilters);
  const [sort, setSort] = useState<{ sort: JobSortField; order: 'asc' | 'desc' }>({ sort: 'due', order: 'asc' });
  const [search] = useDebouncedValue(filters.search, 250);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [editing, setEditing] = useState<JobRow | null>(null);
  const [pending, setPending] = useState<{ row: JobRow; action: JobAction } | null>(null);

  const query: JobFilters = {
    q: search,
    statuses: filters.statuses,
    customerId: filters.customerId ? Number(filters.customerId) : null,
    from: filters.dueFrom ? fromPlantInput(filters.dueFrom) : null,
    to: filters.dueTo ? fromPlantInput(filters.dueTo) : null,
    ...sort,
  };
  const list = useJobsList(query);
  const parts = useParts();
  const customers = useCustomers();
  const progress = useJobProgress();
  const lateness = useLateness();

  const partMap = useMemo(() => new Map((parts.data ?? []).map((p) => [p.id, p])), [parts.data]);
  const customerMap = useMemo(() => new Map((customers.data ?? []).map((c) => [c.id, c])), [customers.data]);
  const rows = useMemo(
    () =>
      buildRows(
        (list.data?.pages ?? []).flatMap((p) => p.items),
        partMap,
        customerMap,
        progress.data,
        lateness.data,
        filters.statuses,
      ),
    [list.data, partMap, customerMap, progress.data, lateness.data, filters.statuses],
  );
  const total = list.data?.pages[0]?.total ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (!isFetchingNextPage) void fetchNextPage();
  }, [isFetchingNextPage, fetchNextPage]);

  const rowActions = useCallback(
    (row: JobRow): (JobAction | 'edit')[] => [
      ...(can('PUT /api/v1/jobs/{id}') && !['complete', 'shipped', 'cancelled'].includes(row.status)
        ? (['edit'] as const)
        : []),
      ...availableActions(row, can),
    ],
    [can],
  );
  const onSort = (field: JobSortField) =>
    setSort((s) => ({ sort: field, order: s.sort === field && s.order === 'asc' ? 'desc' : 'asc' }));

  return (
    <Stack gap="sm" className="kerf-aa-contrast">
      <Group justify="space-between" align="center">
        <Group gap="sm" align="baseline">
          <Title order={2}>{t.jobs.title}</Title>
          {list.data && (
            <Text c="dimmed" size="sm" aria-live="polite" data-testid="jobs-count">
              {filters.statuses.length > 1 ? `${rows.length}${hasNextPage ? '+' : ''}` : t.jobs.count(rows.length, total)}
              {isFetchingNextPage ? ` · ${t.jobs.loadingMore}` : ''}
            </Text>
          )}
        </Group>
        <Group gap="sm">
          {can('POST /api/v1/jobs/import.csv') && (
            <Button variant="default" leftSection={<IconFileImport size={16} aria-hidden />} onClick={() => setImporting(true)}>
              {t.jobs.importCsv}
            </Button>
          )}
          {can('POST /api/v1/jobs') && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              {t.jobs.create}
            </Button>
          )}
        </Group>
      </Group>
      <JobsFilters value={filters} onChange={setFilters} customers={customers.data ?? []} />
      <QueryState query={list}>
        {() => (
          <JobsTable
            rows={rows}
            sort={sort.sort}
            order={sort.order}
            onSort={onSort}
            onOpen={(row) => void navigate({ to: jobPath(row.id) })}
            rowActions={rowActions}
            onAction={(row, action) => (action === 'edit' ? setEditing(row) : setPending({ row, action }))}
            hasMore={Boolean(hasNextPage)}
            loadMore={loadMore}
          />
        )}
      </QueryState>
      <JobFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(job) => setFilters({ ...noFilters, search: job.number })}
      />
      <JobFormModal opened={editing !== null} onClose={() => setEditing(null)} job={editing ?? undefined} />
      <ImportCsvModal opened={importing} onClose={() => setImporting(false)} />
      {pending && (
        <JobActionDialog job={pending.row} action={pending.action} onClose={() => setPending(null)} />
      )}
    </Stack>
  );
}
