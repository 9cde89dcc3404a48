// The laser NC queue (/laser): per laser, the Sigmanest programs not yet cut in cutting order
// with the sheet (material, gauge, size, heat lot), utilisation, estimated and actual cut time,
// state, the jobs on the nest and the operator actions (NestActions.tsx). Live: nest.* events refetch it (src/api/events.ts).
import { Anchor, Group, Paper, Progress, Select, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration } from '../../lib/time';
import { jobPath } from '../jobs/links';
import { useLaserQueue } from './api';
import { NestActions } from './NestActions';
import { NestStateBadge } from './NestStateBadge';
import { groupByLaser, pct, utilisationColor, type LaserGroup } from './model';
import type { LaserQueueEntry } from './types';

const l = t.laser;


function Row({ e, index }: { e: LaserQueueEntry; index: number }) {
  const n = e.nest;
  const jobIds = [...new Set(n.parts.map((p) => p.job_id))];
  return (
    <Table.Tr data-testid={`nest-${n.program_name}`}>
      <Table.Td ff="monospace">{n.queue_position > 0 ? n.queue_position : index + 1}</Table.Td>
      <Table.Td>
        <Text fw={600} size="sm" ff="monospace">
          {n.program_name}
        </Text>
        {n.repeat > 1 && (
          <Text size="xs" c="gray.7">
            {l.repeat(n.repeat)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{e.sheet_label || l.stack(n.sheet_id)}</Text>
        <Text size="xs" c="gray.7">
          {l.heatLot}: {e.heat_number || '—'}
        </Text>
      </Table.Td>
      <Table.Td miw={120}>
        <Group gap={6} wrap="nowrap">
          <Progress
            value={n.utilisation * 100}
            color={utilisationColor(n.utilisation)}
            w={60}
            aria-label={`${l.utilisation} ${pct(n.utilisation)}`}
          />
          <Text size="sm" ff="monospace">
            {pct(n.utilisation)}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td ff="monospace">
        {fmtDuration(n.cut_seconds_est)} / {n.cut_seconds_actual > 0 ? fmtDuration(n.cut_seconds_actual) : '—'}
      </Table.Td>
      <Table.Td>
        <NestStateBadge state={n.state} />
      </Table.Td>
      <Table.Td>
        <Group gap={6}>
          {jobIds.map((id, i) => (
            <Anchor key={id} component={Link} to={jobPath(id)} size="sm">
              {e.job_numbers[i] ?? `#${id}`}
            </Anchor>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>{fmtDateTime(e.planned_start)}</Table.Td>
      <Table.Td>
        <NestActions e={e} />
      </Table.Td>
    </Table.Tr>
  );
}

function LaserTable({ group }: { group: LaserGroup }) {
  const title = group.workCenterId === null ? l.unassigned : group.code;
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={title} data-testid={`laser-${group.code || 'none'}`}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm" c="gray.7">
          {l.queueSummary(group.entries.length, fmtDuration(group.estSeconds))}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={900}>
        <Table fz="sm" verticalSpacing={6} striped aria-label={`${l.queueTitle} ${title}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{l.seq}</Table.Th>
              <Table.Th>{l.program}</Table.Th>
              <Table.Th>{l.sheet}</Table.Th>
              <Table.Th>{l.utilisation}</Table.Th>
              <Table.Th>{l.cutTime}</Table.Th>
              <Table.Th>{l.state}</Table.Th>
              <Table.Th>{l.jobs}</Table.Th>
              <Table.Th>{l.plannedStart}</Table.Th>
              <Table.Th>{l.actions}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {group.entries.map((e, i) => (
              <Row key={e.nest.id} e={e} index={i} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

export function LaserQueuePage() {
  // Always read the whole queue: the laser picker is built from it and filtering is local.
  const q = useLaserQueue(null);
  const [laser, setLaser] = useState<string | null>(null);
  const groups = useMemo(() => groupByLaser(q.data ?? []), [q.data]);
  const options = groups.map((g) => ({ value: g.code || 'none', label: g.code || l.unassigned }));
  const shown = laser ? groups.filter((g) => (g.code || 'none') === laser) : groups;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1} size="h3">
            {l.queueTitle}
          </Title>
          <Text size="sm" c="gray.7">
            {l.queueIntro}
          </Text>
        </Stack>
        <Select
          label={l.laserFilter}
          placeholder={l.allLasers}
          data={options}
          value={laser}
          onChange={setLaser}
          clearable
          w={220}
        />
      </Group>
      <QueryState query={q} isEmpty={(d) => d.length === 0} empty={l.noPrograms}>
        {() => (
          <Stack gap="md">
            {shown.map((g) => (
              <LaserTable key={g.code || 'none'} group={g} />
            ))}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
