// Department OEE (/oee): each department's OEE over the period (click to pick one), then for the
// picked department its OEE per day, its losses pareto and its machines with today's OEE.
import { Anchor, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { plantDayStart } from '../../lib/time';
import { useDepartmentOee, useDepartmentsOee, useMachines } from './api';
import { LossesPareto, OeeTrend } from './OeeCharts';
import { deptLabel, groupByDepartment, oeeColor, pct } from './model';
import { StateBadge } from './StateBadge';
import type { Department, MachineView } from './types';
import './machines.css';

const m = t.machines;
const DAY = 86_400_000;

// [plant midnight `days - 1` days ago, next plant midnight): whole plant days including today.
export function periodWindow(days: number, now = new Date()): { from: string; to: string } {
  const today = plantDayStart(now);
  const from = plantDayStart(new Date(today.getTime() - (days - 1) * DAY + 12 * 3_600_000));
  const to = plantDayStart(new Date(today.getTime() + DAY + 12 * 3_600_000));
  return { from: from.toISOString(), to: to.toISOString() };
}

function DepartmentDetail({ department, machines, from, to }: { department: Department; machines: MachineView[]; from: string; to: string }) {
  const q = useDepartmentOee(department, from, to);
  const name = deptLabel(department);
  return (
    <QueryState query={q}>
      {(r) => (
        <div className="kerf-oee-grid">
          <Paper withBorder p="md" component="section" aria-label={m.deptTrend(name)}>
            <Title order={2} size="h5" mb="xs">
              {m.deptTrend(name)}
            </Title>
            {r.total.planned_s <= 0 ? (
              <Text c="gray.7" size="sm">
                {m.noPlanned}
              </Text>
            ) : (
              <OeeTrend buckets={r.buckets} label={m.deptTrendLabel(name)} byDay testId="dept-trend" />
            )}
          </Paper>
          <Paper withBorder p="md" component="section" aria-label={m.pareto}>
            <Title order={2} size="h5" mb="xs">
              {m.pareto}
            </Title>
            <LossesPareto losses={r.total.losses} label={m.paretoLabel(name)} testId="dept-pareto" />
          </Paper>
          <Paper withBorder p="md" component="section" aria-label={m.deptMachines} style={{ gridColumn: '1 / -1' }}>
            <Title order={2} size="h5" mb="xs">
              {m.deptMachines}
            </Title>
            {machines.length === 0 ? (
              <Text c="gray.7" size="sm">
                {m.noMachinesDept}
              </Text>
            ) : (
              <Table fz="sm" verticalSpacing={4} data-testid="dept-machines" aria-label={m.deptMachines}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{m.col.machine}</Table.Th>
                    <Table.Th>{m.col.name}</Table.Th>
                    <Table.Th>{m.col.state}</Table.Th>
                    <Table.Th ta="right">{m.col.oee}</Table.Th>
                    <Table.Th ta="right">{m.col.availability}</Table.Th>
                    <Table.Th ta="right">{m.col.performance}</Table.Th>
                    <Table.Th ta="right">{m.col.quality}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {machines.map((x) => (
                    <Table.Tr key={x.id} data-machine={x.code}>
                      <Table.Td>
                        <Anchor component={Link} to={`/machines/${x.id}`} fw={700}>
                          {x.code}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{x.name}</Table.Td>
                      <Table.Td>
                        <StateBadge state={x.state} size="sm" />
                      </Table.Td>
                      <Table.Td ta="right" fw={700} c={oeeColor(x.oee_today.oee)}>
                        {pct(x.oee_today.oee)}
                      </Table.Td>
                      <Table.Td ta="right">{pct(x.oee_today.availability)}</Table.Td>
                      <Table.Td ta="right">{pct(x.oee_today.performance)}</Table.Td>
                      <Table.Td ta="right">{pct(x.oee_today.quality)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </div>
      )}
    </QueryState>
  );
}

function Overview({ all }: { all: MachineView[] }) {
  const [days, setDays] = useState('7');
  const win = useMemo(() => periodWindow(Number(days)), [days]);
  const groups = groupByDepartment(all).filter((g): g is { department: Department; machines: MachineView[] } => g.department !== null);
  const [picked, setPicked] = useState<Department | null>(null);
  const current = picked ?? groups[0]?.department ?? null;
  const totals = useDepartmentsOee(
    groups.map((g) => g.department),
    win.from,
    win.to,
  );
  return (
    <Stack gap="md">
      <Group justify="flex-end">
        <SegmentedControl
          aria-label={m.period}
          value={days}
          onChange={setDays}
          data={['7', '14', '30'].map((v) => ({ value: v, label: m.days(Number(v)) }))}
        />
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" data-testid="dept-oee-cards">
        {groups.map((g, i) => {
          const total = totals[i]?.data?.total;
          const active = g.department === current;
          return (
            <UnstyledButton
              key={g.department}
              onClick={() => setPicked(g.department)}
              aria-pressed={active}
              className="kerf-oee-card"
              data-active={active}
              data-testid={`dept-oee-${g.department}`}
            >
              <Paper withBorder p="sm" radius="md" style={active ? { borderColor: '#1a5a9e', borderWidth: 2 } : undefined}>
                <Text size="sm" fw={700}>
                  {deptLabel(g.department)}
                </Text>
                <Text size="xl" fw={800} c={total && total.planned_s > 0 ? oeeColor(total.oee) : 'gray.7'}>
                  {total && total.planned_s > 0 ? pct(total.oee) : '—'}
                </Text>
                <Text size="xs" c="gray.7">
                  {m.machineCount(g.machines.length)}
                </Text>
              </Paper>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
      {current && (
        <DepartmentDetail
          department={current}
          machines={groups.find((g) => g.department === current)?.machines ?? []}
          from={win.from}
          to={win.to}
        />
      )}
    </Stack>
  );
}

export function OeePage() {
  const q = useMachines();
  return (
    <Stack gap="sm">
      <div>
        <Title order={1} size="h3">
          {m.oeeTitle}
        </Title>
        <Text size="sm" c="gray.7">
          {m.oeeSubtitle}
        </Text>
      </div>
      <QueryState query={q} isEmpty={(d) => d.length === 0} empty={m.none}>
        {(all) => <Overview all={all} />}
      </QueryState>
    </Stack>
  );
}
