// The evidence charts: load against capacity per week (overtime) and the scrap trend per day
// (quality hold). Each chart also carries an ARIA description, and the figures it shows are in
// a table or facts beside it for people who do not read charts.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { t } from '../../i18n';
import { fmtDate } from '../../lib/time';
import { echarts } from './echarts';
import type { QualityHoldEvidence, WeekLoad } from './evidence';

const a = t.approvals;

// Load (bars, red above capacity) and capacity (a line) per week.
export function LoadCapacityChart({ weeks, department }: { weeks: WeekLoad[]; department: string }) {
  const label = a.loadChart(department);
  const option = {
    aria: { enabled: true, label: { description: label } },
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [a.load, a.capacity] },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: weeks.map((w) => fmtDate(w.weekStart)) },
    yAxis: { type: 'value', name: 'h', nameGap: 8 },
    series: [
      {
        name: a.load,
        type: 'bar',
        barMaxWidth: 36,
        data: weeks.map((w) => ({
          value: Math.round(w.loadH * 10) / 10,
          itemStyle: { color: w.loadH > w.capacityH ? '#c92a2a' : '#1971c2' },
        })),
      },
      {
        name: a.capacity,
        type: 'line',
        step: 'middle',
        symbol: 'none',
        lineStyle: { color: '#2b8a3e', width: 2, type: 'dashed' },
        itemStyle: { color: '#2b8a3e' },
        data: weeks.map((w) => Math.round(w.capacityH * 10) / 10),
      },
    ],
  };
  return (
    <div data-testid="overtime-chart" role="img" aria-label={label}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 220 }} opts={{ renderer: 'svg' }} notMerge />
    </div>
  );
}

// Scrap (line with markers) and completed quantity (bars) per day.
export function ScrapTrendChart({ points }: { points: QualityHoldEvidence['trend'] }) {
  const option = {
    aria: { enabled: true, label: { description: a.trendChart } },
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [a.scrapSeries, a.completedSeries] },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => fmtDate(p.day)) },
    yAxis: [
      { type: 'value', name: a.scrapSeries, minInterval: 1 },
      { type: 'value', name: a.completedSeries, minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: a.completedSeries,
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: 28,
        itemStyle: { color: '#ced4da' },
        data: points.map((p) => p.completed),
      },
      {
        name: a.scrapSeries,
        type: 'line',
        symbolSize: 7,
        lineStyle: { color: '#c92a2a', width: 2 },
        itemStyle: { color: '#c92a2a' },
        data: points.map((p) => p.scrap),
      },
    ],
  };
  return (
    <div data-testid="scrap-trend-chart" role="img" aria-label={a.trendChart}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 220 }} opts={{ renderer: 'svg' }} notMerge />
    </div>
  );
}
