// Utilisation per work center × bucket; the bottleneck cell carries a marker and is named in
// text beside the chart. Clicking a cell opens the planner on that work center and bucket.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { t } from '../../i18n';
import { echarts } from './echarts';
import type { LoadModel } from './loadModel';

interface Props {
  model: LoadModel;
  labels: string[];
  onPick: (wcIndex: number, bucketIndex: number) => void;
}

export function UtilisationHeatmap({ model, labels, onPick }: Props) {
  const wcs = model.workCenters;
  const data = model.cells.map((c) => ({
    value: [c.bucketIndex, c.wcIndex, c.utilisation === null ? '-' : Math.round(c.utilisation * 100)],
    planned: c.plannedH,
    available: c.availableH,
  }));
  const b = model.bottleneck;
  const option = {
    aria: { enabled: true, label: { description: t.load.heatmapLabel } },
    animation: false,
    grid: { left: 90, right: 70, top: 8, bottom: 28 },
    tooltip: {
      formatter: (p: { data: { value: [number, number, number | string]; planned: number; available: number } }) => {
        const [x, y, v] = p.data.value;
        const head = `${wcs[y]?.code ?? ''} · ${labels[x] ?? ''}`;
        const pct = v === '-' ? t.load.noCapacity : `${v} %`;
        return `${head}<br/><b>${pct}</b><br/>${t.load.hours(p.data.planned, p.data.available)}`;
      },
    },
    xAxis: { type: 'category', data: labels, splitArea: { show: true }, axisLabel: { fontSize: 10 } },
    yAxis: {
      type: 'category',
      data: wcs.map((w) => w.code),
      inverse: true,
      axisLabel: { fontSize: 10 },
    },
    visualMap: {
      min: 0,
      max: 120,
      calculable: false,
      orient: 'vertical',
      right: 0,
      top: 'center',
      itemHeight: 120,
      text: ['120 %', '0 %'],
      textStyle: { fontSize: 10 },
      inRange: { color: ['#f8f9fa', '#a5d8ff', '#4c6ef5', '#f08c00', '#c92a2a'] },
    },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: labels.length <= 16, fontSize: 9, color: '#212529' },
        emphasis: { itemStyle: { borderColor: '#212529', borderWidth: 1 } },
        markPoint: b
          ? {
              symbol: 'pin',
              symbolSize: 26,
              itemStyle: { color: '#212529' },
              label: { show: true, formatter: '!', color: '#fff', fontSize: 11 },
              data: [{ coord: [b.bucketIndex, b.wcIndex] }],
            }
          : undefined,
      },
    ],
  };
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: Math.max(260, wcs.length * 20 + 40) }}
      onEvents={{
        click: (p: { data?: { value?: [number, number] } }) => {
          const v = p.data?.value;
          if (v) onPick(v[1], v[0]);
        },
      }}
    />
  );
}
