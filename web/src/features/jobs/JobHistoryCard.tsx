// The audit history of the job, its operations, slots and consumptions, newest first.
import { Button, Text, Timeline } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api/problem';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { useJobHistory } from './api';
import type { HistoryItem } from './types';

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function line(item: HistoryItem): string {
  if (item.summary) return item.summary;
  return `${item.entity} ${item.entity_id}: ${item.action}`;
}

export function JobHistoryCard({ jobId }: { jobId: number }) {
  const [limit, setLimit] = useState(20);
  const q = useJobHistory(jobId, limit);
  // 404: the job was deleted (or never existed) while its page is open.
  if (q.error instanceof ApiError && q.error.status === 404) {
    return <Text c="dimmed" size="sm">{t.jobs.notFound}</Text>;
  }
  return (
    <QueryState query={q} isEmpty={(d) => d.items.length === 0} empty={t.jobs.historyEmpty}>
      {(d) => (
        <>
          <Timeline bulletSize={12} lineWidth={2} active={-1}>
            {d.items.map((item) => (
              <Timeline.Item key={item.id} title={<Text size="sm" fw={500}>{line(item)}</Text>}>
                {item.changes &&
                  Object.entries(item.changes).map(([field, c]) => (
                    <Text key={field} size="xs" c="dimmed">
                      {field}: {show(c.from)} → {show(c.to)}
                    </Text>
                  ))}
                <Text size="xs" c="dimmed">
                  {fmtDateTime(item.at)} · {item.user}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
          {d.total > d.items.length && (
            <Button variant="subtle" size="xs" mt="sm" onClick={() => setLimit((l) => l + 50)} loading={q.isFetching}>
              {t.jobs.showMore}
            </Button>
          )}
        </>
      )}
    </QueryState>
  );
}
