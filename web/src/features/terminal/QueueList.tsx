// What is next on the work center: the running operation on top, then the queue. Tapping a
// line opens it.
import { Badge, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { dispatchQuery } from '../departments/dispatch';
import { fmtMaterial, fmtThickness } from '../departments/format';
import type { DispatchItem } from '../departments/types';

const statusColor: Record<string, string> = { running: 'green', paused: 'orange', ready: 'blue' };

function Line({ item, onOpen }: { item: DispatchItem; onOpen: (id: number) => void }) {
  const k = t.terminal;
  const late = Date.parse(item.due) < Date.now();
  return (
    <UnstyledButton
      className="kerf-term-line"
      data-status={item.op_status}
      onClick={() => onOpen(item.operation_id)}
      data-testid={`queue-op-${item.operation_id}`}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={800} size="lg">
          {item.job_number}
        </Text>
        <Badge color={statusColor[item.op_status] ?? 'gray'} variant="light" size="lg">
          {k.status[item.op_status] ?? item.op_status}
        </Badge>
      </Group>
      <Text size="md" truncate>
        {item.sequence} · {item.op_name} — {item.part_number}
      </Text>
      <Group justify="space-between" gap={4} wrap="wrap">
        <Text size="sm" c="gray.4">
          {k.pcs(item.quantity)}
          {item.material ? ` · ${fmtMaterial(item.material)}` : ''}
          {item.thickness_mm ? ` ${fmtThickness(item.thickness_mm)}` : ''}
        </Text>
        <Text size="sm" c={late ? 'red.4' : 'gray.4'} fw={late ? 700 : 400} style={{ whiteSpace: 'nowrap' }}>
          {k.due} {fmtDateTime(item.due)}
        </Text>
      </Group>
    </UnstyledButton>
  );
}

export function QueueList({ wcId, onOpen }: { wcId: number; onOpen: (id: number) => void }) {
  const q = useQuery(dispatchQuery(wcId));
  const k = t.terminal;
  return (
    <Paper className="kerf-term-panel kerf-term-queue" p="md" radius="md" component="section" aria-labelledby="queue-title">
      <Title order={2} size="h4" id="queue-title" mb="sm">
        {k.queue}
      </Title>
      <QueryState query={q} isEmpty={(d) => d.length === 0} empty={k.queueEmpty}>
        {(items) => (
          <Stack gap="xs">
            {items.slice(0, 20).map((i) => (
              <Line key={i.operation_id} item={i} onOpen={onOpen} />
            ))}
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}
