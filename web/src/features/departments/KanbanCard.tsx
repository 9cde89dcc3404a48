// One operation on the department board: the card opens the job; the work center opens its
// dispatch list.
import { Anchor, Badge, Group, Paper, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import type { Card } from './kanban';
import { stateColor } from './palette';
import type { WorkCenter } from './types';

interface Props {
  card: Card;
  partNumber: string;
  workCenter: WorkCenter | undefined;
  eligible: string;
  now: number;
}

export function KanbanCard({ card, partNumber, workCenter, eligible, now }: Props) {
  const { op, job } = card;
  const late = op.status !== 'complete' && Date.parse(job.due) < now;
  const d = t.departments;
  return (
    <Paper withBorder p="xs" radius="sm" className="kerf-kanban-card" data-testid={`kanban-op-${op.id}`}>
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Anchor
          component={Link}
          to={`/jobs/${job.id}`}
          fw={700}
          size="sm"
          className="kerf-stretched"
          style={{ whiteSpace: 'nowrap', flexShrink: 0 }}
        >
          {job.number}
        </Anchor>
        <Text size="xs" c="dimmed" truncate>
          {op.sequence} · {op.name}
        </Text>
      </Group>
      <Text size="xs" truncate>
        {partNumber}
      </Text>
      <Group justify="space-between" gap={4} wrap="nowrap" mt={2}>
        <Text size="xs">{d.qty(job.quantity)}</Text>
        <Text size="xs" c={late ? 'red.9' : undefined} fw={late ? 700 : undefined}>
          {late ? `${d.late} · ` : `${d.due} `}
          {fmtDateTime(job.due)}
        </Text>
      </Group>
      <Group justify="space-between" gap={4} wrap="nowrap" mt={2}>
        {workCenter ? (
          <Anchor
            component={Link}
            to={`/work-centers/${workCenter.id}/dispatch`}
            size="xs"
            className="kerf-above-stretch"
            aria-label={d.openDispatch(workCenter.code)}
          >
            {workCenter.code}
          </Anchor>
        ) : (
          <Text size="xs" c="dimmed" truncate>
            {eligible}
          </Text>
        )}
        {op.status === 'paused' && (
          <Badge size="xs" color={stateColor.paused} variant="filled">
            {d.paused}
          </Badge>
        )}
      </Group>
    </Paper>
  );
}
