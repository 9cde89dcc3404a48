// A downsampled numeric signal: the average as a line inside its min/max band (stacked areas:
// min invisible, max - min filled).
import { Text } from '@mantine/core';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { t } from '../../i18n';
import { fmtDateTime, fmtTime } from '../../lib/time';
import { echarts } from './echarts';
import type { SignalPoint } from './types';

const m = t.machines;

export function SignalChart({ signal, points, from, to }: { signal: string; points: SignalPoint[]; from: string; to: string }) {
  const name = m.signalNames[signal] ?? signal;
  if (points.length === 0) {
    return (
      <Text c="gray.7" size="sm" py="md" data-testid="signal-chart" data-points={0}>
        {m.signalEmpty(name)}
      </Text>
    );
  }
  const at = (p: SignalPoint) => Date.parse(p.t);
  const option = {
    aria: { enabled: true, label: { description: m.signalLabel(name) } },
    animation: false,
    grid: { left: 48, right: 16, top: 28, bottom: 28 },
    legend: { top: 0, data: [m.avg, `${m.min}–${m.max}`] },
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { dataIndex: number }[]) => {
        const p = points[ps[0]?.dataIndex ?? 0];
        if (!p) return '';
        return `${fmtDateTime(p.t)}<br/>${m.avg} ${p.avg.toFixed(2)}<br/>${m.min} ${p.min.toFixed(2)} · ${m.max} ${p.max.toFixed(2)}<br/>n = ${p.count}`;
      },
    },
    xAxis: {
      type: 'time',
      min: Date.parse(from),
      max: Date.parse(to),
      axisLabel: { formatter: (v: number) => fmtTime(v), hideOverlap: true, color: '#343a40' },
    },
    yAxis: { type: 'value', scale: true, axisLabel: { color: '#343a40' }, splitLine: { lineStyle: { color: '#eef0f2' } } },
    series: [
      {
        name: 'min',
        type: 'line',
        stack: 'band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        data: points.map((p) => [at(p), p.min]),
        tooltip: { show: false },
      },
      {
        name: `${m.min}–${m.max}`,
        type: 'line',
        stack: 'band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(66, 99, 235, 0.2)' },
        itemStyle: { color: 'rgba(66, 99, 235, 0.35)' },
        data: points.map((p) => [at(p), p.max - p.min]),
      },
      {
        name: m.avg,
        type: 'line',
        symbol: 'none',
        lineStyle: { width: 2, color: '#3b5bdb' },
        itemStyle: { color: '#3b5bdb' },
        data: points.map((p) => [at(p), p.avg]),
      },
    ],
  };
  return (
    <div data-testid="signal-chart" data-points={points.length}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 240 }} opts={{ renderer: 'svg' }} notMerge />
    </div>
  );
}
