// The audit log (quality, admin): who changed what and when, newest first, filtered on the
// server; pages of 200 load as the table is scrolled.
import { Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { QueryState } from '../../../components/QueryState';
import { t } from '../../../i18n';
import { AUDIT_PAGE, keys, listAudit, type AuditFilters as Filters } from '../api';
import { isDate, plantInstant } from '../calendars/model';
import { AuditFilters, emptyFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';

const m = t.admin.audit;

// The from/to query of plant dates: from its midnight, to the midnight after `to` (exclusive).
export function auditRange(f: Pick<Filters, 'from' | 'to'>): { from?: string; to?: string } {
  return {
    ...(isDate(f.from) ? { from: plantInstant(f.from, 0) } : {}),
    ...(isDate(f.to) ? { to: plantInstant(f.to, 1440) } : {}),
  };
}

export function AuditTab() {
  const [filters, setFilters] = useState<Filters>(emptyFilters);
  const [applied] = useDebouncedValue(filters, 300);
  const query = useInfiniteQuery({
    queryKey: keys.audit(applied),
    queryFn: ({ pageParam }) => listAudit(applied, pageParam, auditRange(applied)),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.length * AUDIT_PAGE;
      return loaded < last.total ? loaded : undefined;
    },
    staleTime: 0,
  });
  const entries = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? 0;
  const actions = useMemo(() => [...new Set(entries.map((e) => e.action))].sort(), [entries]);
  const actors = useMemo(() => [...new Set(entries.map((e) => e.actor))].sort(), [entries]);
  const { fetchNextPage } = query;
  const more = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  return (
    <>
      <AuditFilters value={filters} onChange={setFilters} actions={actions} actors={actors} onRefresh={() => void query.refetch()} />
      <QueryState query={query} isEmpty={() => entries.length === 0} empty={m.empty}>
        {() => (
          <>
            <Text size="xs" c="dimmed" mb={4} aria-live="polite">
              {m.count(entries.length, total)}
            </Text>
            <AuditTable entries={entries} hasMore={Boolean(query.hasNextPage)} loadingMore={query.isFetchingNextPage} onMore={more} />
          </>
        )}
      </QueryState>
    </>
  );
}
