// One machine (/machines/$id): live header (state, time in state, operation, alarm), the state
// timeline over the chosen range (default last 8 h), a signal chart with its min/max band, and
// OEE (gauge, factors, six big losses, OEE per shift or day).
import { Alert, Anchor, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconChevronLeft } from '@tabler/icons-react';
import { Link, useParams } from '@tanstack/react-router';
import { useMemo, useState, type ReactNode } from 'react';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration } from '../../lib/time';
import { useMachineOee, useMachines, useSignals, useTimeline } from './api';
import { LossesPareto, OeeGauge, OeeTrend } from './OeeCharts';
import { deptLabel, fmtElapsed, RANGE_IDS, rangeWindow, secondsSince, signalsFor, type RangeId } from './model';
import { SignalChart } from './SignalChart';
import { StateBadge } from './StateBadge';
import { StateTimeline } from './StateTimeline';
import type { MachineView } from './types';
import { useNow } from './useNow';
import './machines.css';

const m = t.machines;

function Card({ title, children, right, testId }: { title: string; children: ReactNode; right?: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title} data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {title}
        </Title>
        {right}
      </Group>
      {children}
    </Paper>
  );
}

function Header({ machine }: { machine: MachineView }) {
  const now = useNow(1000);
  const op = machine.current_operation;
  return (
    <Paper withBorder radius="md" p="md" data-testid="machine-header">
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={1} size="h3">
              {machine.code}
            </Title>
            <StateBadge state={machine.state} size="lg" />
            {machine.state_since && (
              <Text fw={700} ff="monospace" title={m.timeInState} data-testid="header-since">
                {m.inStateFor(fmtElapsed(secondsSince(machine.state_since, now)))}
              </Text>
            )}
          </Group>
          <Text c="gray.7">
            {machine.name} · {deptLabel(machine.department)}
            {machine.work_center_code ? ` · ${machine.work_center_code}` : ''} · {machine.protocol}
          </Text>
        </div>
        <Stack gap={2} align="flex-end">
          <Text size="sm">
            {m.lastSignal}: {machine.last_signal_at ? fmtDateTime(machine.last_signal_at) : m.never}
          </Text>
          {machine.program && (
            <Text size="sm">
              {m.program}: <b>{machine.program}</b>
            </Text>
          )}
          <Text size="sm">{m.partsToday(machine.parts_today)}</Text>
        </Stack>
      </Group>
      {op ? (
        <Text mt="xs">
          {m.job}{' '}
          <Anchor component={Link} to={`/jobs/${op.job_id}`} fw={700}>
            {op.job_number}
          </Anchor>{' '}
          · {m.part} {op.part_number} · {m.op(op.sequence)} · {m.parts} {m.partsOf(op.machine_qty, op.qty_planned)} ·{' '}
          {fmtDuration(op.actual_run_s)} / {fmtDuration(op.planned_run_s)}
        </Text>
      ) : (
        <Text mt="xs" c="gray.7">
          {m.noJob}
        </Text>
      )}
      {machine.alarm && (
        <Alert mt="xs" color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={m.alarm} py={6}>
          {machine.alarm.code ? `${machine.alarm.code} · ` : ''}
          {machine.alarm.text}
        </Alert>
      )}
    </Paper>
  );
}

export function History({ machine }: { machine: MachineView }) {
  const [range, setRange] = useState<RangeId>('8h');
  const [bucket, setBucket] = useState('shift');
  const options = signalsFor(machine.department);
  const [signal, setSignal] = useState<string>(options[0] ?? 'cycle_s');
  const minute = Math.floor(useNow(60_000) / 60_000);
  // The window ends at the current minute, so the charts move with the clock once a minute.
  const win = useMemo(() => rangeWindow(range, new Date((minute + 1) * 60_000)), [range, minute]);
  const timeline = useTimeline(machine.id, win.from, win.to);
  const signals = useSignals(machine.id, signal, win.from, win.to);
  const oee = useMachineOee(machine.id, win.from, win.to, bucket);
  return (
    <Stack gap="md">
      <Group justify="flex-end">
        <SegmentedControl
          aria-label={m.range}
          value={range}
          onChange={(v) => setRange(v as RangeId)}
          data={RANGE_IDS.map((r) => ({ value: r, label: m.ranges[r] ?? r }))}
        />
      </Group>
      <Card title={m.timeline} testId="timeline-card">
        <QueryState query={timeline}>{(items) => <StateTimeline code={machine.code} items={items} from={win.from} to={win.to} />}</QueryState>
      </Card>
      <Card
        title={m.signals}
        testId="signals-card"
        right={
          <Select
            aria-label={m.signal}
            data={options.map((s) => ({ value: s, label: m.signalNames[s] ?? s }))}
            value={signal}
            onChange={(v) => v && setSignal(v)}
            allowDeselect={false}
            w={220}
            size="xs"
          />
        }
      >
        <QueryState query={signals}>{(points) => <SignalChart signal={signal} points={points} from={win.from} to={win.to} />}</QueryState>
      </Card>
      <Card
        title={m.oee}
        testId="oee-card"
        right={
          <SegmentedControl
            size="xs"
            aria-label={m.oeeBy}
            value={bucket}
            onChange={setBucket}
            data={['shift', 'day'].map((b) => ({ value: b, label: m.buckets[b] ?? b }))}
          />
        }
      >
        <QueryState query={oee}>
          {(r) =>
            r.total.planned_s <= 0 ? (
              <Text c="gray.7" size="sm" data-testid="oee-empty">
                {m.noPlanned}
              </Text>
            ) : (
              <Stack gap="md">
                <SimpleGrid cols={{ base: 1, md: 3 }}>
                  <div>
                    <OeeGauge value={r.total} label={m.oee} />
                    <Text size="xs" c="gray.7" ta="center" mt={4}>
                      {m.plannedTime(fmtDuration(r.total.planned_s))}
                    </Text>
                  </div>
                  <div style={{ gridColumn: 'span 2' }}>
                    <Text size="sm" fw={600}>
                      {m.losses}
                    </Text>
                    <LossesPareto losses={r.total.losses} label={m.lossesLabel} />
                  </div>
                </SimpleGrid>
                <div>
                  <Text size="sm" fw={600}>
                    {m.oeeTrend}
                  </Text>
                  <OeeTrend buckets={r.buckets} label={m.oeeTrend} byDay={bucket === 'day'} />
                </div>
              </Stack>
            )
          }
        </QueryState>
      </Card>
    </Stack>
  );
}

export function MachinePage() {
  const { id } = useParams({ strict: false }) as { id?: string };
  const machineId = Number(id);
  const q = useMachines();
  const machine = q.data?.find((x) => x.id === machineId);
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/machines" size="sm">
        <Group gap={2}>
          <IconChevronLeft size={14} aria-hidden />
          {m.back}
        </Group>
      </Anchor>
      <QueryState query={q}>
        {() =>
          machine ? (
            <Stack gap="md">
              <Header machine={machine} />
              <History machine={machine} />
            </Stack>
          ) : (
            <Alert color="gray">{m.notFound}</Alert>
          )
        }
      </QueryState>
    </Stack>
  );
}
