// The dashboard's charts (ECharts): on-time gauge, WIP/queue bars, utilisation with the 85 % line.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { t } from '../../i18n';
import { echarts } from './echarts';
import type { Dashboard } from './types';

const deptName = (n: string) => t.departments.names[n] ?? n;

export function OnTimeGauge({ rate }: { rate: number }) {
  const pct = Math.round(rate * 100);
  const color = pct >= 90 ? '#2f9e44' : pct >= 75 ? '#f59f00' : '#e03131';
  const option = {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        startAngle: 200,
        endAngle: -20,
        progress: { show: true, width: 18, itemStyle: { color } },
        axisLine: { lineStyle: { width: 18, color: [[1, '#e9ecef']] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: false },
        detail: { valueAnimation: true, offsetCenter: [0, '5%'], fontSize: 40, fontWeight: 800, formatter: '{value} %', color },
        data: [{ value: pct }],
      },
    ],
  };
  return (
    <ReactEChartsCore echarts={echarts} option={option} style={{ height: 190 }} opts={{ renderer: 'svg' }} notMerge aria-label={t.dashboard.onTime} />
  );
}

export function WipBars({ departments }: { departments: Dashboard['departments'] }) {
  const d = t.dashboard;
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 10, bottom: 30, containLabel: true },
    xAxis: { type: 'category', data: departments.map((x) => deptName(x.name)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: d.wipSeries, type: 'bar', data: departments.map((x) => x.wip), itemStyle: { color: '#4263eb' } },
      { name: d.queueSeries, type: 'bar', data: departments.map((x) => x.queue), itemStyle: { color: '#adb5bd' } },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 260 }} opts={{ renderer: 'svg' }} notMerge />;
}

export function UtilBars({ departments }: { departments: Dashboard['departments'] }) {
  const d = t.dashboard;
  const option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} %` },
    grid: { left: 8, right: 24, top: 10, bottom: 10, containLabel: true },
    xAxis: { type: 'value', min: 0, max: (v: { max: number }) => Math.max(120, Math.ceil(v.max / 20) * 20), interval: 20, axisLabel: { formatter: '{value} %' } },
    yAxis: { type: 'category', data: departments.map((x) => deptName(x.name)), inverse: true },
    series: [
      {
        name: d.utilSeries,
        type: 'bar',
        data: departments.map((x) => {
          const v = Math.round(x.utilisation * 100);
          return { value: v, itemStyle: { color: v > 100 ? '#e03131' : v >= 85 ? '#f59f00' : '#2f9e44' } };
        }),
        label: { show: true, position: 'right', formatter: '{c} %' },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#1c2a3a', type: 'dashed', width: 2 },
          label: { formatter: d.target, position: 'insideEndTop', color: '#1c2a3a', fontWeight: 'bold' },
          data: [{ xAxis: 85 }],
        },
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 260 }} opts={{ renderer: 'svg' }} notMerge />;
}
