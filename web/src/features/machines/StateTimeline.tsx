// The state timeline of one machine: a coloured band per state interval over [from, to) (an
// ECharts custom series), the state word in each band wide enough for it, and the time per
// state below as text (so nothing relies on colour).
import { Group, Text } from '@mantine/core';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration, fmtTime } from '../../lib/time';
import { echarts } from './echarts';
import { asState, STATES, stateStyle, timeInStates } from './model';
import { StateBadge } from './StateBadge';
import type { StateInterval } from './types';

const m = t.machines;

interface Props {
  code: string;
  items: StateInterval[];
  from: string;
  to: string;
}

// Bands as [start ms, end ms, state index] clipped to the window.
export function timelineBands(items: readonly StateInterval[], from: string, to: string): [number, number, number][] {
  const lo = Date.parse(from);
  const hi = Date.parse(to);
  const out: [number, number, number][] = [];
  for (const i of items) {
    const a = Math.max(lo, Date.parse(i.from));
    const b = Math.min(hi, i.to ? Date.parse(i.to) : hi);
    if (b > a) out.push([a, b, STATES.indexOf(asState(i.state))]);
  }
  return out;
}

function renderBand(params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) {
  const s = STATES[Number(api.value(2))] ?? 'UNKNOWN';
  const start = api.coord([api.value(0), 0]);
  const end = api.coord([api.value(1), 0]);
  const sys = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
  const x = Math.max(sys.x, start[0] ?? 0);
  const w = Math.min(sys.x + sys.width, end[0] ?? 0) - x;
  if (w <= 0) return null;
  const st = stateStyle[s];
  const label = w > 46 ? m.stateShort[s] : '';
  return {
    type: 'group',
    children: [
      {
        type: 'rect',
        shape: { x, y: sys.y + 4, width: w, height: sys.height - 8 },
        style: { fill: st.bg },
      },
      ...(label
        ? [
            {
              type: 'text',
              style: {
                text: label,
                x: x + w / 2,
                y: sys.y + sys.height / 2,
                fill: st.fg,
                align: 'center',
                verticalAlign: 'middle',
                font: 'bold 12px sans-serif',
              },
            },
          ]
        : []),
    ],
  };
}

export function StateTimeline({ code, items, from, to }: Props) {
  const bands = timelineBands(items, from, to);
  const totals = timeInStates(items, from, to);
  const option = {
    aria: { enabled: true, label: { description: m.timelineLabel(code) } },
    animation: false,
    grid: { left: 12, right: 12, top: 4, bottom: 24 },
    tooltip: {
      formatter: (p: { value: [number, number, number] }) => {
        const s = STATES[p.value[2]] ?? 'UNKNOWN';
        return `<b>${m.states[s]}</b><br/>${fmtDateTime(p.value[0])} – ${fmtTime(p.value[1])}<br/>${fmtDuration((p.value[1] - p.value[0]) / 1000)}`;
      },
    },
    xAxis: {
      type: 'time',
      min: Date.parse(from),
      max: Date.parse(to),
      axisLabel: { formatter: (v: number) => fmtTime(v), hideOverlap: true, color: '#343a40' },
      splitLine: { show: true, lineStyle: { color: '#dee2e6' } },
    },
    yAxis: { type: 'value', show: false, min: 0, max: 1 },
    series: [
      {
        type: 'custom',
        renderItem: renderBand,
        encode: { x: [0, 1] },
        data: bands,
        clip: true,
      },
    ],
  };
  return (
    <div data-testid="state-timeline" data-bands={bands.length}>
      {bands.length === 0 ? (
        <Text c="gray.7" size="sm" py="md">
          {m.timelineEmpty}
        </Text>
      ) : (
        <ReactEChartsCore echarts={echarts} option={option} style={{ height: 90 }} opts={{ renderer: 'svg' }} notMerge />
      )}
      <Group gap="md" mt={4} role="group" aria-label={m.timeIn}>
        {STATES.filter((s) => totals[s] > 0).map((s) => (
          <Group key={s} gap={4}>
            <StateBadge state={s} size="sm" />
            <Text size="sm">{fmtDuration(totals[s])}</Text>
          </Group>
        ))}
      </Group>
    </div>
  );
}
