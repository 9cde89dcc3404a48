// The supervisor's five-second read: on time, late, WIP/queue and utilisation per department,
// the bottleneck, schedule adherence. From GET /api/v1/dashboard; live events refresh it.
import { Anchor, Group, Paper, RingProgress, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { rawFetch } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration } from '../../lib/time';
import { OnTimeGauge, UtilBars, WipBars } from './Charts';
import type { Dashboard } from './types';
import './dashboard.css';

function CardBox({ title, children, span, tone }: { title: string; children: ReactNode; span?: number; tone?: string }) {
  return (
    <Paper withBorder radius="md" p="md" className="kerf-dash-card" data-span={span} data-tone={tone} component="section" aria-label={title}>
      <Title order={2} size="h5" c="dimmed" tt="uppercase" mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Body({ data }: { data: Dashboard }) {
  const d = t.dashboard;
  const b = data.bottleneck;
  const adh = data.adherence;
  const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 100) : 0);
  return (
    <div className="kerf-dash-grid">
      <CardBox title={d.onTime}>
        {data.on_time.completed_jobs > 0 && data.on_time.rate !== null ? (
          <>
            <OnTimeGauge rate={data.on_time.rate} />
            <Text ta="center" size="sm" c="dimmed">
              {d.onTimeDetail(data.on_time.on_time_jobs, data.on_time.completed_jobs)}
            </Text>
          </>
        ) : (
          <>
            <Text className="kerf-dash-big" c="dimmed">
              —
            </Text>
            <Text c="dimmed">{d.noCompleted}</Text>
          </>
        )}
      </CardBox>
      <CardBox title={d.late} tone={data.late_jobs.count > 0 ? 'red' : 'green'}>
        <Text className="kerf-dash-big" c={data.late_jobs.count > 0 ? 'red.9' : 'green.9'} data-testid="late-count">
          {data.late_jobs.count}
        </Text>
        {data.late_jobs.items.length === 0 ? (
          <Text c="dimmed">{d.lateNone}</Text>
        ) : (
          <Table verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.departments.col.job}</Table.Th>
                <Table.Th>{d.customer}</Table.Th>
                <Table.Th>{d.lateBy}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.late_jobs.items.slice(0, 6).map((j) => (
                <Table.Tr key={j.job_id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/jobs/${j.job_id}`} fw={700} title={`${d.due} ${fmtDateTime(j.due)} · ${d.projected} ${fmtDateTime(j.projected_end)}`}>
                      {j.job_number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate maw={160}>
                      {j.customer}
                    </Text>
                  </Table.Td>
                  <Table.Td c="red.9" fw={600}>
                    {fmtDuration(j.lateness_seconds)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </CardBox>
      <CardBox title={d.bottleneck} tone={b ? 'orange' : 'green'}>
        {b ? (
          <Stack gap={4}>
            <Text className="kerf-dash-big" c="orange.9">
              {t.departments.names[b.department] ?? b.department}
            </Text>
            <Text size="lg" fw={600}>
              {b.code && b.work_center_id ? (
                <Anchor component={Link} to={`/work-centers/${b.work_center_id}/dispatch`}>
                  {b.code}
                </Anchor>
              ) : null}{' '}
              {d.pct(b.utilisation)}
            </Text>
            <Text size="sm" c="dimmed">
              {d.bottleneckDetail(b.code ?? b.department, d.pct(b.utilisation))}
            </Text>
          </Stack>
        ) : (
          <>
            <Text className="kerf-dash-big" c="green.9">
              —
            </Text>
            <Text c="dimmed">{d.noBottleneck}</Text>
          </>
        )}
      </CardBox>
      <CardBox title={d.adherence}>
        {adh.operations === 0 ? (
          <Text className="kerf-dash-big" c="dimmed">
            —
          </Text>
        ) : (
          <Group justify="space-around" wrap="nowrap">
            {[
              [d.startedOnTime, pct(adh.started_on_time, adh.operations)],
              [d.finishedOnTime, pct(adh.finished_on_time, adh.operations)],
            ].map(([label, v]) => (
              <Stack key={label} align="center" gap={0}>
                <RingProgress
                  size={120}
                  thickness={12}
                  roundCaps
                  sections={[{ value: Number(v), color: Number(v) >= 85 ? 'teal' : Number(v) >= 70 ? 'yellow' : 'red' }]}
                  label={
                    <Text ta="center" fw={800} size="xl">
                      {v} %
                    </Text>
                  }
                />
                <Text size="sm" fw={600}>
                  {label}
                </Text>
              </Stack>
            ))}
          </Group>
        )}
        <Text size="xs" c="dimmed" ta="center" mt={4}>
          {d.adherenceDetail(adh.operations)}
        </Text>
      </CardBox>
      <CardBox title={d.wip} span={2}>
        <WipBars departments={data.departments} />
      </CardBox>
      <CardBox title={d.util} span={2}>
        <UtilBars departments={data.departments} />
      </CardBox>
    </div>
  );
}

export function DashboardPage() {
  const d = t.dashboard;
  const [days, setDays] = useState('7');
  const q = useQuery({
    queryKey: ['dashboard', Number(days)],
    queryFn: async () => (await rawFetch(`/api/v1/dashboard?days=${days}`)) as Dashboard,
    refetchInterval: 60_000,
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h3">
            {d.title}
          </Title>
          <Text size="sm" c="dimmed">
            {d.subtitle(Number(days))}
          </Text>
        </div>
        <SegmentedControl
          aria-label={d.period}
          value={days}
          onChange={setDays}
          data={['7', '14', '30'].map((v) => ({ value: v, label: d.days(Number(v)) }))}
        />
      </Group>
      <QueryState query={q}>{(data) => <Body data={data} />}</QueryState>
    </Stack>
  );
}
