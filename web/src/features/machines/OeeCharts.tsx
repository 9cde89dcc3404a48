// OEE charts shared by the machine page and the department dashboard: the OEE gauge with its
// three factors in words, the six big losses (bar or pareto) and OEE per bucket.
import { Group, Stack, Text } from '@mantine/core';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { t } from '../../i18n';
import { fmtDate, fmtDateTime } from '../../lib/time';
import { echarts } from './echarts';
import { oeeColor, pareto, pct } from './model';
import type { Losses, Oee, OeeBucket } from './types';

const m = t.machines;

export function OeeGauge({ value, label }: { value: Oee; label: string }) {
  const v = Math.round(value.oee * 100);
  const color = oeeColor(value.oee);
  const option = {
    aria: { enabled: true, label: { description: `${label} ${v} %` } },
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        startAngle: 200,
        endAngle: -20,
        progress: { show: true, width: 16, itemStyle: { color } },
        axisLine: { lineStyle: { width: 16, color: [[1, '#e9ecef']] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: false },
        center: ['50%', '60%'],
        radius: '95%',
        detail: { offsetCenter: [0, '-5%'], fontSize: 28, fontWeight: 800, formatter: '{value} %', color },
        data: [{ value: v }],
      },
    ],
  };
  const factors: [string, number][] = [
    [m.availability, value.availability],
    [m.performance, value.performance],
    [m.quality, value.quality],
  ];
  return (
    <Stack gap={0} data-testid="oee-gauge" data-oee={value.oee}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 170 }} opts={{ renderer: 'svg' }} notMerge />
      <Group justify="center" gap="lg" mt={-8}>
        {factors.map(([name, f]) => (
          <Stack key={name} gap={0} align="center">
            <Text size="xl" fw={800} c={oeeColor(f)}>
              {pct(f)}
            </Text>
            <Text size="xs" c="gray.7">
              {name}
            </Text>
          </Stack>
        ))}
      </Group>
    </Stack>
  );
}

// The six big losses in hours, largest first, with the cumulative share as a line (a pareto).
export function LossesPareto({ losses, label, testId = 'losses-chart' }: { losses: Losses; label: string; testId?: string }) {
  const rows = pareto(losses);
  const option = {
    aria: { enabled: true, label: { description: label } },
    animation: false,
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { dataIndex: number }[]) => {
        const r = rows[ps[0]?.dataIndex ?? 0];
        if (!r) return '';
        return `<b>${m.lossNames[r.key] ?? r.key}</b><br/>${m.hours(r.seconds / 3600)} · ${m.cumulative} ${Math.round(r.cumulative * 100)} %`;
      },
    },
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map((r) => m.lossShort[r.key] ?? r.key),
      axisLabel: { interval: 0, color: '#343a40', fontSize: 11 },
    },
    yAxis: [
      { type: 'value', name: 'h', axisLabel: { color: '#343a40' }, splitLine: { lineStyle: { color: '#eef0f2' } } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %', color: '#343a40' }, splitLine: { show: false } },
    ],
    series: [
      {
        name: m.losses,
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color: '#c2410c' },
        label: { show: true, position: 'top', formatter: (p: { value: number }) => (p.value > 0 ? p.value.toFixed(1) : ''), color: '#343a40' },
        data: rows.map((r) => Math.round((r.seconds / 3600) * 10) / 10),
      },
      {
        name: m.cumulative,
        type: 'line',
        yAxisIndex: 1,
        symbolSize: 6,
        lineStyle: { color: '#343a40' },
        itemStyle: { color: '#343a40' },
        data: rows.map((r) => Math.round(r.cumulative * 100)),
      },
    ],
  };
  return (
    <div data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 240 }} opts={{ renderer: 'svg' }} notMerge />
    </div>
  );
}

// OEE per bucket (shift or day) as bars coloured by band, with the 85 % world-class line.
export function OeeTrend({ buckets, label, byDay, testId = 'oee-trend' }: { buckets: OeeBucket[]; label: string; byDay: boolean; testId?: string }) {
  const fmt = (b: OeeBucket) => (byDay ? fmtDate(b.from).replace(/ \d{4}$/, '') : fmtDateTime(b.from));
  const option = {
    aria: { enabled: true, label: { description: label } },
    animation: false,
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { dataIndex: number }[]) => {
        const b = buckets[ps[0]?.dataIndex ?? 0];
        if (!b) return '';
        if (b.planned_s <= 0) return `${fmt(b)}<br/>${m.noPlannedShort}`;
        return `${fmt(b)}<br/>${m.oee} ${pct(b.oee)}<br/>${m.availability} ${pct(b.availability)} · ${m.performance} ${pct(b.performance)} · ${m.quality} ${pct(b.quality)}`;
      },
    },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: buckets.map(fmt), axisLabel: { color: '#343a40', hideOverlap: true } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %', color: '#343a40' }, splitLine: { lineStyle: { color: '#eef0f2' } } },
    series: [
      {
        name: m.oee,
        type: 'bar',
        barMaxWidth: 28,
        // A bucket without planned time has no OEE: no bar and a dash, unlike a real 0 %.
        data: buckets.map((b) =>
          b.planned_s > 0
            ? { value: Math.round(b.oee * 100), itemStyle: { color: oeeColor(b.oee) } }
            : { value: 0, itemStyle: { color: 'transparent' }, label: { formatter: '—' } },
        ),
        label: { show: true, position: 'top', formatter: '{c} %', color: '#343a40', fontSize: 11 },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#1c2a3a', type: 'dashed' },
          label: { formatter: '85 %', position: 'insideEndTop', color: '#1c2a3a' },
          data: [{ yAxis: 85 }],
        },
      },
    ],
  };
  return (
    <div data-testid={testId} data-buckets={buckets.length}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 220 }} opts={{ renderer: 'svg' }} notMerge />
    </div>
  );
}
