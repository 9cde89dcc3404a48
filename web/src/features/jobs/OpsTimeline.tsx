// Planned (schedule slot) against actual (started → completed, or → now while running) per
// operation, as an ECharts custom series; axis and tooltips in plant time.
import { Text } from '@mantine/core';
import { CustomChart, type CustomSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { t } from '../../i18n';
import { fmtDateTime, fmtTime } from '../../lib/time';
import type { Operation, Slot } from './types';

echarts.use([CustomChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

interface Bar {
  op: number; // category index
  kind: 0 | 1; // 0 planned, 1 actual
  start: number;
  end: number;
  label: string;
}

// The bars to draw: one planned and one actual (when known) per operation.
export function timelineBars(ops: readonly Operation[], slots: ReadonlyMap<number, Slot>, now: number): Bar[] {
  const bars: Bar[] = [];
  ops.forEach((op, i) => {
    const slot = slots.get(op.id);
    if (slot) bars.push({ op: i, kind: 0, start: Date.parse(slot.start), end: Date.parse(slot.end), label: op.name });
    if (op.started_at) {
      const end = op.completed_at ? Date.parse(op.completed_at) : now;
      bars.push({ op: i, kind: 1, start: Date.parse(op.started_at), end: Math.max(end, Date.parse(op.started_at)), label: op.name });
    }
  });
  return bars;
}

const colours = ['#748ffc', '#20c997'];

export function OpsTimeline({ ops, slots }: { ops: Operation[]; slots: ReadonlyMap<number, Slot> }) {
  const now = useMemo(() => Date.now(), [ops, slots]);
  const bars = useMemo(() => timelineBars(ops, slots, now), [ops, slots, now]);
  const option = useMemo(() => {
    const categories = ops.map((o) => `${o.sequence} ${o.name}`);
    const series: CustomSeriesOption = {
      type: 'custom',
      name: t.jobs.plannedSeries,
      encode: { x: [1, 2], y: 0 },
      data: bars.map((b) => ({ value: [b.op, b.start, b.end, b.kind], itemStyle: { color: colours[b.kind] } })),
      renderItem: (_params, api) => {
        const cat = api.value(0) as number;
        const kind = api.value(3) as number;
        const start = api.coord([api.value(1), cat]);
        const end = api.coord([api.value(2), cat]);
        const band = (api.size?.([0, 1]) as number[])[1] ?? 20;
        const h = band * 0.32;
        const y = (start[1] ?? 0) - band * 0.36 + kind * (h + band * 0.06);
        return {
          type: 'rect',
          shape: { x: start[0] ?? 0, y, width: Math.max(2, (end[0] ?? 0) - (start[0] ?? 0)), height: h, r: 2 },
          style: { fill: colours[kind] },
          transition: [],
        } as never;
      },
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: '#fa5252', type: 'dashed' },
        label: { formatter: t.jobs.now, color: '#fa5252' },
        data: [{ xAxis: now }],
      },
    };
    return {
      animation: false,
      grid: { left: 150, right: 24, top: 28, bottom: 28 },
      legend: {
        top: 0,
        right: 0,
        data: [
          { name: t.jobs.plannedSeries, itemStyle: { color: colours[0] } },
          { name: t.jobs.actualSeries, itemStyle: { color: colours[1] } },
        ],
      },
      tooltip: {
        formatter: (p: { value: number[] }) => {
          const [, s, e, k] = p.value;
          return `${k === 1 ? t.jobs.actualSeries : t.jobs.plannedSeries}<br/>${fmtDateTime(s)} – ${fmtTime(e)}`;
        },
      },
      xAxis: {
        type: 'time',
        axisLabel: { formatter: (v: number) => `${fmtDateTime(v).slice(0, 10)}\n${fmtTime(v)}`, fontSize: 10 },
        splitLine: { show: true, lineStyle: { color: '#f1f3f5' } },
      },
      yAxis: { type: 'category', data: categories, inverse: true, axisLabel: { fontSize: 11, width: 140, overflow: 'truncate' } },
      series: [series, { type: 'custom', name: t.jobs.actualSeries, data: [], renderItem: () => ({ type: 'group', children: [] }) as never }],
    };
  }, [bars, ops, now]);

  if (bars.length === 0) return <Text c="dimmed" size="sm">{t.jobs.timelineEmpty}</Text>;
  return (
    <div role="img" aria-label={t.jobs.timeline}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 60 + ops.length * 36 }} notMerge />
    </div>
  );
}
