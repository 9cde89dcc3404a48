// The job's operations in sequence: where, state, good/scrap against the quantity, what machines
// counted (parts, run time against the planned), planned slot and actual times.
import { Group, Progress, Stack, Table, Text } from '@mantine/core';
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration, fmtTime } from '../../lib/time';
import { OpStatusBadge } from './StatusBadge';
import type { Operation, OperationMachineActuals, Slot, WorkCenter } from './types';

interface Props {
  ops: Operation[];
  quantity: number;
  machine: ReadonlyMap<number, OperationMachineActuals>;
  slots: ReadonlyMap<number, Slot>;
  workCenters: ReadonlyMap<number, WorkCenter>;
}

function span(a: string | null | undefined, b: string | null | undefined): string {
  if (!a) return '—';
  return b ? `${fmtDateTime(a)} – ${fmtTime(b)}` : `${fmtDateTime(a)} –`;
}

// Parts a machine counted and its run time against the planned, or a dimmed dash.
function MachineCell({ a }: { a: OperationMachineActuals | undefined }) {
  if (!a) {
    return (
      <Text size="xs" c="dimmed" aria-label={t.jobs.noMachineSignals}>
        —
      </Text>
    );
  }
  const over = a.planned_run_s > 0 && a.machine_run_s > a.planned_run_s;
  return (
    <Stack gap={0}>
      <Text size="sm">{t.jobs.machineCounted(a.machine_qty)}</Text>
      <Text size="xs" c={over ? 'red.8' : 'dimmed'}>
        {t.jobs.machineRunOfPlanned(fmtDuration(a.machine_run_s), fmtDuration(a.planned_run_s))}
      </Text>
    </Stack>
  );
}

export function RoutingTable({ ops, quantity, machine, slots, workCenters }: Props) {
  if (ops.length === 0) return <Text c="dimmed">{t.jobs.routingEmpty}</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" aria-label={t.jobs.routing}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>{t.jobs.opSeq}</Table.Th>
            <Table.Th>{t.jobs.opName}</Table.Th>
            <Table.Th>{t.jobs.opWorkCenter}</Table.Th>
            <Table.Th w={100}>{t.jobs.opStatusCol}</Table.Th>
            <Table.Th w={210}>{t.jobs.opQty}</Table.Th>
            <Table.Th>{t.jobs.opMachine}</Table.Th>
            <Table.Th>{t.jobs.opPlanned}</Table.Th>
            <Table.Th>{t.jobs.opActual}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ops.map((op) => {
            const slot = slots.get(op.id);
            const wc = slot ? workCenters.get(slot.work_center_id) : undefined;
            const eligible = op.eligible_work_center_ids
              .map((id) => workCenters.get(id)?.code)
              .filter(Boolean)
              .join(', ');
            const good = quantity > 0 ? (100 * op.qty_good) / quantity : 0;
            const scrap = quantity > 0 ? (100 * op.qty_scrap) / quantity : 0;
            const label = t.jobs.qtyGoodScrap(op.qty_good, op.qty_scrap, quantity);
            return (
              <Table.Tr key={op.id} data-op={op.sequence}>
                <Table.Td ff="monospace">{op.sequence}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {op.name}
                  </Text>
                  <Text size="xs" c="dimmed" tt="capitalize">
                    {op.department}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {wc ? (
                    <Text size="sm">{wc.code}</Text>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {eligible || '—'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <OpStatusBadge status={op.status} />
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <Progress.Root size="md">
                      <Progress.Section value={good} color="teal" aria-label={`${op.name}: ${op.qty_good} good`} />
                      <Progress.Section value={scrap} color="red" aria-label={`${op.name}: ${op.qty_scrap} scrap`} />
                    </Progress.Root>
                    <Group gap={4}>
                      <Text size="xs" c="dimmed">
                        {label}
                      </Text>
                    </Group>
                  </Stack>
                </Table.Td>
                <Table.Td data-testid={`machine-${op.sequence}`}>
                  <MachineCell a={machine.get(op.id)} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={slot ? undefined : 'dimmed'}>
                    {slot ? span(slot.start, slot.end) : t.jobs.notScheduled}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{span(op.started_at, op.completed_at)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
