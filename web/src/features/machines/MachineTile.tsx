// One machine on the board: state band (colour + word + ticking time in state), code and name,
// the running job/part/operation with parts vs planned, the alarm, today's parts and OEE.
import { Anchor, Group, Progress, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { t } from '../../i18n';
import { asState, fmtElapsed, oeeColor, pct, progressPct, secondsSince, stateStyle } from './model';
import type { MachineView } from './types';

const m = t.machines;

export function MachineTile({ machine, now }: { machine: MachineView; now: number }) {
  const s = asState(machine.state);
  const st = stateStyle[s];
  const op = machine.current_operation;
  const since = machine.state_since ? fmtElapsed(secondsSince(machine.state_since, now)) : null;
  const progress = op ? progressPct(op.machine_qty, op.qty_planned) : 0;
  return (
    <article
      className="kerf-mtile"
      data-state={s}
      data-testid={`machine-tile-${machine.code}`}
      aria-label={m.tileLabel(machine.code, m.states[s] ?? s)}
    >
      <div className="kerf-mtile-band" style={{ backgroundColor: st.bg, color: st.fg }}>
        <span className="kerf-mtile-state" data-testid="tile-state">
          {m.stateShort[s]}
        </span>
        {since && (
          <span className="kerf-mtile-since" title={m.timeInState} data-testid="tile-since">
            {since}
          </span>
        )}
      </div>
      <div className="kerf-mtile-body">
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Anchor component={Link} to={`/machines/${machine.id}`} fw={800} size="lg" c="dark.8" aria-label={m.open(machine.code)}>
            {machine.code}
          </Anchor>
          {machine.work_center_code && (
            <Text size="xs" c="gray.7" ff="monospace">
              {machine.work_center_code}
            </Text>
          )}
        </Group>
        <Text size="sm" c="gray.8" truncate>
          {machine.name}
        </Text>
        {op ? (
          <div className="kerf-mtile-op">
            <Text size="sm" truncate>
              <Anchor component={Link} to={`/jobs/${op.job_id}`} fw={700} size="sm">
                {op.job_number}
              </Anchor>{' '}
              · {op.part_number} · {m.op(op.sequence)}
            </Text>
            <Group gap={6} wrap="nowrap">
              <Progress
                value={progress}
                size="md"
                color="teal.8"
                style={{ flex: 1 }}
                aria-label={`${m.parts} ${m.partsOf(op.machine_qty, op.qty_planned)}`}
              />
              <Text size="xs" fw={600} data-testid="tile-parts">
                {m.partsOf(op.machine_qty, op.qty_planned)}
              </Text>
            </Group>
          </div>
        ) : (
          <Text size="sm" c="gray.7" className="kerf-mtile-op">
            {m.noJob}
          </Text>
        )}
        {machine.alarm && (
          <Group gap={4} wrap="nowrap" className="kerf-mtile-alarm" role="note" aria-label={m.alarm}>
            <IconAlertTriangle size={15} aria-hidden />
            <Text size="xs" fw={600} truncate title={machine.alarm.text}>
              {machine.alarm.code ? `${machine.alarm.code} ` : ''}
              {machine.alarm.text}
            </Text>
          </Group>
        )}
        <Group justify="space-between" mt="auto" pt={4} className="kerf-mtile-foot">
          <Text size="xs" c="gray.7">
            {m.partsToday(machine.parts_today)}
          </Text>
          <Text size="sm" fw={700} c={oeeColor(machine.oee_today.oee)} data-testid="tile-oee">
            {m.oee} {pct(machine.oee_today.oee)}
          </Text>
        </Group>
      </div>
    </article>
  );
}
