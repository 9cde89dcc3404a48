// One department: planned hours per bucket (bars, red where over capacity) against its
// capacity (line). Clicking a bar opens the planner at that bucket on the department's most
// loaded work center.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { Paper, Text } from '@mantine/core';
import { t } from '../../i18n';
import { echarts } from './echarts';
import type { DepartmentSeries } from './loadModel';

interface Props {
  series: DepartmentSeries;
  labels: string[];
  onPick: (bucketIndex: number) => void;
}

export function DepartmentChart({ series, labels, onPick }: Props) {
  const option = {
    aria: { enabled: true, label: { description: t.load.chartLabel(series.department) } },
    animation: false,
    grid: { left: 40, right: 8, top: 24, bottom: 22 },
    tooltip: { trigger: 'axis' },
    legend: { show: false },
    xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: '#eef0f2' } } },
    series: [
      {
        name: t.load.capacity,
        type: 'bar',
        barMaxWidth: 26,
        itemStyle: { color: '#e9ecef', borderColor: '#adb5bd', borderWidth: 1 },
        data: series.capacityH,
      },
      {
        name: t.load.load,
        type: 'bar',
        barMaxWidth: 26,
        barGap: '-100%',
        data: series.loadH.map((v, i) => ({
          value: v,
          itemStyle: { color: v > (series.capacityH[i] ?? 0) + 0.05 ? '#e03131' : '#4c6ef5' },
        })),
      },
    ],
  };
  return (
    <Paper withBorder p="xs" data-testid={`dept-chart-${series.department}`}>
      <Text size="xs" fw={700} tt="uppercase" c="dark.6">
        {series.department}
      </Text>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height: 150 }}
        notMerge
        onEvents={{ click: (p: { dataIndex?: number }) => p.dataIndex !== undefined && onPick(p.dataIndex) }}
      />
    </Paper>
  );
}
