// The nests (Sigmanest programs) in a heat-lot genealogy or a job's materials: which program cut
// which sheet on which laser, with the jobs whose parts it carried (each linked to its job).
import { Anchor, Group, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration } from '../../lib/time';
import { jobPath } from '../jobs/links';
import { NestStateBadge } from './NestStateBadge';
import { pct } from './model';
import type { TraceNest } from './types';

const l = t.laser;

export function TraceNests({ nests }: { nests: readonly TraceNest[] }) {
  if (nests.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {l.noNests}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table fz="sm" verticalSpacing={6} striped aria-label={l.nestsTitle} data-testid="trace-nests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{l.sheet}</Table.Th>
            <Table.Th>{l.program}</Table.Th>
            <Table.Th>{l.laser}</Table.Th>
            <Table.Th>{l.state}</Table.Th>
            <Table.Th ta="right">{l.utilisation}</Table.Th>
            <Table.Th>{l.cutTime}</Table.Th>
            <Table.Th>{l.jobs}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {nests.map((n) => (
            <Table.Tr key={n.id} data-testid={`trace-nest-${n.program_name}`}>
              <Table.Td>
                {l.stack(n.sheet_id)}
                {n.repeat > 1 ? ` ${l.repeat(n.repeat)}` : ''}
              </Table.Td>
              <Table.Td ff="monospace" fw={600}>
                {n.program_name}
              </Table.Td>
              <Table.Td>{n.machine_name || '—'}</Table.Td>
              <Table.Td>
                <NestStateBadge state={n.state} />
                {n.cut_at && (
                  <Text size="xs" c="gray.7">
                    {fmtDateTime(n.cut_at)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {pct(n.utilisation)}
              </Table.Td>
              <Table.Td ff="monospace">
                {fmtDuration(n.cut_seconds_est)} / {n.cut_seconds_actual > 0 ? fmtDuration(n.cut_seconds_actual) : '—'}
              </Table.Td>
              <Table.Td>
                <Group gap={8}>
                  {n.jobs.map((j) => (
                    <Anchor key={`${j.job_id}-${j.part_id}`} component={Link} to={jobPath(j.job_id)} size="sm">
                      {j.job_number} × {j.qty}
                    </Anchor>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
