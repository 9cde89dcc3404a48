// The run's figures beside the current plan's (metrics_before / metrics_after of the run
// document), each change told in words and arrows as well as colour.
import { Table, Text } from '@mantine/core';
import { t } from '../../i18n';
import { fmtDuration } from '../../lib/time';
import type { LoadBucket, RunMetrics } from './types';

type Row = {
  key: string;
  before: number | null;
  after: number | null;
  lowerIsBetter: boolean;
  fmt: (v: number) => string;
};

// Planned over available time of a set of load buckets, or null when nothing is available.
export function utilisation(load: LoadBucket[] | undefined): number | null {
  if (!load || load.length === 0) return null;
  let planned = 0;
  let available = 0;
  for (const b of load) {
    planned += Math.min(b.planned_s, b.available_s);
    available += b.available_s;
  }
  return available > 0 ? planned / available : null;
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
const dur = (v: number) => fmtDuration(v);

export function comparisonRows(
  before: RunMetrics | undefined,
  after: RunMetrics | undefined,
  utilBefore: number | null,
  utilAfter: number | null,
): Row[] {
  const v = (m: RunMetrics | undefined, k: keyof RunMetrics) => {
    const x = m?.[k];
    return typeof x === 'number' ? x : null;
  };
  return [
    { key: 'late_jobs', before: v(before, 'late_jobs'), after: v(after, 'late_jobs'), lowerIsBetter: true, fmt: num },
    { key: 'weighted_tardiness_h', before: v(before, 'weighted_tardiness_h'), after: v(after, 'weighted_tardiness_h'), lowerIsBetter: true, fmt: (x) => x.toFixed(1) },
    { key: 'total_setup_s', before: v(before, 'total_setup_s'), after: v(after, 'total_setup_s'), lowerIsBetter: true, fmt: dur },
    { key: 'utilisation', before: utilBefore, after: utilAfter, lowerIsBetter: false, fmt: pct },
    { key: 'on_time_rate', before: v(before, 'on_time_rate'), after: v(after, 'on_time_rate'), lowerIsBetter: false, fmt: pct },
    { key: 'unscheduled', before: v(before, 'unscheduled'), after: v(after, 'unscheduled'), lowerIsBetter: true, fmt: num },
  ];
}

export type Verdict = 'better' | 'worse' | 'same' | null;

export function verdict(r: Pick<Row, 'before' | 'after' | 'lowerIsBetter'>): Verdict {
  if (r.before === null || r.after === null) return null;
  const d = r.after - r.before;
  if (Math.abs(d) < 1e-9) return 'same';
  return (d < 0) === r.lowerIsBetter ? 'better' : 'worse';
}

interface Props {
  before?: RunMetrics;
  after?: RunMetrics;
  utilBefore: number | null;
  utilAfter: number | null;
}

export function RunComparison({ before, after, utilBefore, utilAfter }: Props) {
  const rows = comparisonRows(before, after, utilBefore, utilAfter);
  return (
    <Table striped withTableBorder fz="sm" data-testid="run-compare" aria-label={t.planner.compareTitle}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t.planner.metric}</Table.Th>
          <Table.Th ta="right">{t.planner.current}</Table.Th>
          <Table.Th ta="right">{t.planner.proposed}</Table.Th>
          <Table.Th ta="right">{t.planner.change}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => {
          const vd = verdict(r);
          const colour = vd === 'better' ? 'teal.9' : vd === 'worse' ? 'red.9' : 'gray.7';
          const arrow = r.before !== null && r.after !== null ? (r.after > r.before ? '▲' : r.after < r.before ? '▼' : '=') : '';
          return (
            <Table.Tr key={r.key} data-metric={r.key} data-verdict={vd ?? ''}>
              <Table.Td>{t.planner.metrics[r.key]}</Table.Td>
              <Table.Td ta="right">{r.before === null ? '—' : r.fmt(r.before)}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {r.after === null ? '—' : r.fmt(r.after)}
              </Table.Td>
              <Table.Td ta="right">
                {vd ? (
                  <Text span size="sm" c={colour} fw={600}>
                    {arrow} {t.planner[vd === 'same' ? 'same' : vd]}
                  </Text>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
