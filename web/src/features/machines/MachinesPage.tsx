// The machines board (/machines): a tile per machine grouped by department, filterable by
// department and state, live through the events WebSocket (machine.* topics refetch the list)
// with time-in-state clocks ticking locally.
import { Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { useMachines } from './api';
import { MachineTile } from './MachineTile';
import {
  deptLabel,
  filterMachines,
  groupByDepartment,
  STATES,
  stateCounts,
  type BoardFilter,
} from './model';
import { StateBadge } from './StateBadge';
import type { MachineView } from './types';
import { useNow } from './useNow';
import './machines.css';

const m = t.machines;

function Board({ all, filter }: { all: MachineView[]; filter: BoardFilter }) {
  const now = useNow(1000);
  const shown = filterMachines(all, filter);
  if (shown.length === 0) {
    return (
      <Text c="dimmed" py="xl" ta="center">
        {m.noneMatch}
      </Text>
    );
  }
  return (
    <Stack gap="md">
      {groupByDepartment(shown).map((g) => (
        <section key={g.department ?? '-'} aria-label={deptLabel(g.department)} data-testid={`dept-${g.department ?? 'none'}`}>
          <Title order={2} size="h5" mb={6}>
            {deptLabel(g.department)}{' '}
            <Text span c="gray.7" size="sm" fw={500}>
              · {g.machines.length}
            </Text>
          </Title>
          <div className="kerf-mboard-grid">
            {g.machines.map((x) => (
              <MachineTile key={x.id} machine={x} now={now} />
            ))}
          </div>
        </section>
      ))}
    </Stack>
  );
}

export function MachinesPage() {
  const q = useMachines();
  const [filter, setFilter] = useState<BoardFilter>({ department: null, state: null });
  const all = useMemo(() => q.data ?? [], [q.data]);
  const departments = useMemo(
    () => groupByDepartment(all).map((g) => g.department).filter((d): d is string => d !== null),
    [all],
  );
  const counts = stateCounts(all);
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">
            {m.title}
          </Title>
          <Text size="sm" c="gray.7">
            {m.subtitle}
          </Text>
        </div>
        <Group gap="xs" align="flex-end" role="search" aria-label={m.filters}>
          <Select
            label={m.department}
            placeholder={m.allDepartments}
            data={departments.map((d) => ({ value: d, label: deptLabel(d) }))}
            value={filter.department}
            onChange={(v) => setFilter((f) => ({ ...f, department: v }))}
            clearable
            w={190}
          />
          <Select
            label={m.state}
            placeholder={m.allStates}
            data={STATES.map((s) => ({ value: s, label: `${m.stateShort[s]} · ${counts[s]}` }))}
            value={filter.state}
            onChange={(v) => setFilter((f) => ({ ...f, state: v }))}
            clearable
            w={170}
          />
        </Group>
      </Group>
      {all.length > 0 && (
        <Group gap="md" data-testid="state-summary" role="group" aria-label={m.state}>
          {STATES.filter((s) => counts[s] > 0).map((s) => (
            <span key={s} className="kerf-mcount">
              <StateBadge state={s} size="sm" />
              <Text span size="sm" fw={700}>
                {counts[s]}
              </Text>
            </span>
          ))}
          <Text size="sm" c="gray.7">
            {m.count(filterMachines(all, filter).length, all.length)}
          </Text>
        </Group>
      )}
      <QueryState query={q} isEmpty={(d) => d.length === 0} empty={m.none}>
        {(data) => <Board all={data} filter={filter} />}
      </QueryState>
    </Stack>
  );
}
