// Nest efficiency (/nests/efficiency): material utilisation of the programs cut per plant-local
// day and material/thickness, as lines against the shop's goal lines (75 % today, 85 % target),
// with the rows as a table below.
import { Group, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo, useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDate, getPlantZone } from '../../lib/time';
import { echarts } from '../machines/echarts';
import { useEfficiency } from './api';
import { efficiencySeries, lastDays, materialKey, pct, utilisationColor } from './model';
import type { NestEfficiency } from './types';

const l = t.laser;
const RANGES = [14, 30, 90] as const;

// Today in the plant's time zone, "YYYY-MM-DD".
export function plantToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: getPlantZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export function EfficiencyChart({ data }: { data: NestEfficiency }) {
  const s = efficiencySeries(data.items, data.from, data.to);
  const goalNow = Math.round(data.goal_now * 100);
  const goalTarget = Math.round(data.goal_target * 100);
  const option = {
    aria: { enabled: true, label: { description: l.chartLabel } },
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v} %`) },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 90, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: s.days.map((d) => d.slice(5)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: s.series.map((x, i) => ({
      name: x.name,
      type: 'line',
      connectNulls: true,
      symbolSize: 7,
      data: x.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
      ...(i === 0
        ? {
            markLine: {
              symbol: 'none',
              silent: true,
              data: [
                {
                  yAxis: goalNow,
                  lineStyle: { color: '#b02525', type: 'dashed' },
                  label: { formatter: l.goalNow(goalNow), position: 'end', color: '#b02525' },
                },
                {
                  yAxis: goalTarget,
                  lineStyle: { color: '#1e6b30', type: 'dashed' },
                  label: { formatter: l.goalTarget(goalTarget), position: 'end', color: '#1e6b30' },
                },
              ],
            },
          }
        : {}),
    })),
  };
  return (
    <div data-testid="efficiency-chart" data-series={s.series.length}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 320 }} opts={{ renderer: 'svg' }} notMerge />
    </div>
  );
}

export function EfficiencyTable({ data }: { data: NestEfficiency }) {
  const rows = [...data.items].sort((a, b) => b.day.localeCompare(a.day) || materialKey(a).localeCompare(materialKey(b)));
  return (
    <Table fz="sm" verticalSpacing={6} striped aria-label={l.effTitle} data-testid="efficiency-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{l.day}</Table.Th>
          <Table.Th>{l.material}</Table.Th>
          <Table.Th ta="right">{l.programsHeader}</Table.Th>
          <Table.Th ta="right">{l.sheets}</Table.Th>
          <Table.Th ta="right">{l.utilisation}</Table.Th>
          <Table.Th ta="right">{l.scrap}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={`${r.day}-${materialKey(r)}`}>
            <Table.Td>{fmtDate(`${r.day}T12:00:00Z`)}</Table.Td>
            <Table.Td>{materialKey(r)}</Table.Td>
            <Table.Td ta="right" ff="monospace">
              {r.programs}
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {r.sheets}
            </Table.Td>
            <Table.Td ta="right" ff="monospace" c={`${utilisationColor(r.utilisation, data.goal_now, data.goal_target)}.9`}>
              {pct(r.utilisation)}
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {pct(r.scrap_fraction)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function EfficiencyPage() {
  const [days, setDays] = useState<string>('30');
  const range = useMemo(() => lastDays(plantToday(), Number(days)), [days]);
  const q = useEfficiency(range.from, range.to);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1} size="h3">
            {l.effTitle}
          </Title>
          <Text size="sm" c="gray.7">
            {l.effIntro}
          </Text>
        </Stack>
        <SegmentedControl
          aria-label={l.range}
          value={days}
          onChange={setDays}
          data={RANGES.map((n) => ({ value: String(n), label: l.rangeDays(n) }))}
        />
      </Group>
      <QueryState query={q}>
        {(data) => {
          const overall = efficiencySeries(data.items, data.from, data.to).overall;
          return (
            <Stack gap="md">
              <Paper withBorder p="md" radius="sm">
                <Group justify="space-between" mb="xs">
                  <Title order={2} size="h5">
                    {l.utilisation}
                  </Title>
                  <Text size="sm" data-testid="efficiency-overall">
                    {l.overall}:{' '}
                    <Text span fw={700}>
                      {overall === null ? '—' : pct(overall)}
                    </Text>
                  </Text>
                </Group>
                {data.items.length === 0 ? (
                  <Text c="dimmed" py="lg" ta="center">
                    {l.noCuts}
                  </Text>
                ) : (
                  <EfficiencyChart data={data} />
                )}
              </Paper>
              {data.items.length > 0 && (
                <Paper withBorder p="md" radius="sm">
                  <EfficiencyTable data={data} />
                </Paper>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
