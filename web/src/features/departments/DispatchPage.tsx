// The printable dispatch list of one work center: what to run next, in order.
import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { dispatchQuery } from './dispatch';
import { DispatchTable } from './DispatchTable';
import type { WorkCenter } from './types';
import './departments.css';

export function DispatchPage() {
  const { wcId } = useParams({ strict: false }) as { wcId: string };
  const id = Number(wcId);
  const d = t.departments;
  const wc = useQuery({
    queryKey: ['work-centers', id],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/work-centers/{id}', { params: { path: { id: String(id) } } }))) as unknown as WorkCenter,
  });
  const list = useQuery(dispatchQuery(id));
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Anchor component={Link} to="/departments" size="sm" className="no-print">
            ← {d.back}
          </Anchor>
          <Title order={1} size="h3">
            {d.dispatchTitle(wc.data?.code ?? `#${wcId}`)}
          </Title>
          {wc.data && (
            <Text size="sm" c="dimmed">
              {d.dispatchSubtitle(wc.data.name, d.names[wc.data.department] ?? wc.data.department)} ·{' '}
              {d.printedAt(fmtDateTime(new Date()))}
            </Text>
          )}
        </div>
        <Button leftSection={<IconPrinter size={16} />} onClick={() => window.print()} className="no-print">
          {d.print}
        </Button>
      </Group>
      <QueryState query={list} isEmpty={(x) => x.length === 0} empty={d.dispatchEmpty}>
        {(items) => <DispatchTable items={items} />}
      </QueryState>
    </Stack>
  );
}
