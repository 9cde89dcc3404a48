// Load & capacity: planned hours vs capacity per department (days = tactical, weeks =
// strategic) and a utilisation heatmap per work center with the bottleneck named; clicking
// through opens the planner board on that work center and date.
import { Alert, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDate, plantDayStart, plantOffsetMinutes } from '../../lib/time';
import { loadQuery, workCentersQuery } from './api';
import { DepartmentChart } from './DepartmentChart';
import { buildLoadModel } from './loadModel';
import type { Granularity, LoadResponse, WorkCenterRow } from './types';
import { UtilisationHeatmap } from './UtilisationHeatmap';

const DAY = 86_400_000;
const RANGES: Record<Granularity, number[]> = { day: [7, 14, 28], week: [4, 8, 12] };

// The window to ask for: from plant today (days) or this plant Monday (weeks), N buckets on.
export function loadWindow(g: Granularity, n: number, now = new Date()): { from: string; to: string } {
  let from = plantDayStart(now);
  if (g === 'week') {
    const local = new Date(from.getTime() + plantOffsetMinutes(from) * 60_000);
    const back = (local.getUTCDay() + 6) % 7;
    from = plantDayStart(new Date(from.getTime() - back * DAY + 12 * 3_600_000));
  }
  const to = plantDayStart(new Date(from.getTime() + n * (g === 'week' ? 7 : 1) * DAY + 12 * 3_600_000));
  return { from: from.toISOString(), to: to.toISOString() };
}

const dayLabel = (iso: string) => fmtDate(iso).replace(/ \d{4}$/, '');

function LoadView({ data, wcs, granularity }: { data: LoadResponse; wcs: WorkCenterRow[]; granularity: Granularity }) {
  const navigate = useNavigate();
  const model = useMemo(() => buildLoadModel(data.items, wcs), [data.items, wcs]);
  const labels = model.buckets.map((b) => (granularity === 'week' ? t.load.weekOf(dayLabel(b)) : dayLabel(b)));
  const open = (wcId: number | undefined, bucket: number) => {
    const at = model.buckets[bucket];
    void navigate({ to: '/planner', search: { ...(wcId ? { wc: wcId } : {}), ...(at ? { at } : {}) } });
  };
  const busiestIn = (department: string, bucket: number) => {
    let best: { id: number; u: number } | undefined;
    for (const c of model.cells) {
      const w = model.workCenters[c.wcIndex];
      if (c.bucketIndex !== bucket || !w || w.department !== department) continue;
      if (!best || (c.utilisation ?? 0) > best.u) best = { id: w.id, u: c.utilisation ?? 0 };
    }
    return best?.id;
  };
  const b = model.bottleneck;
  const bwc = b ? model.workCenters[b.wcIndex] : undefined;
  return (
    <Stack gap="md">
      <Paper withBorder p="sm" data-testid="bottleneck">
        <Group gap="xs">
          <Text fw={700} c="red.8">
            {t.load.bottleneck}:
          </Text>
          <Text>
            {b && bwc
              ? t.load.bottleneckText(bwc.code, labels[b.bucketIndex] ?? '', `${Math.round((b.utilisation ?? 0) * 100)} %`)
              : t.load.noBottleneck}
          </Text>
          <Text size="xs" c="gray.7" ml="auto">
            {t.load.clickHint}
          </Text>
        </Group>
      </Paper>
      <div>
        <Title order={3} size="h5" mb="xs">
          {t.load.byDepartment}
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2, xl: 4 }} spacing="xs">
          {model.departments.map((d) => (
            <DepartmentChart
              key={d.department}
              series={d}
              labels={labels}
              onPick={(i) => open(busiestIn(d.department, i), i)}
            />
          ))}
        </SimpleGrid>
      </div>
      <Paper
        withBorder
        p="xs"
        data-testid="heatmap"
        data-buckets={model.buckets.length}
        data-rows={model.workCenters.length}
        data-bottleneck={b ? `${b.bucketIndex},${b.wcIndex}` : ''}
      >
        <Title order={3} size="h5" mb="xs">
          {t.load.heatmap}
        </Title>
        <UtilisationHeatmap model={model} labels={labels} onPick={(w, i) => open(model.workCenters[w]?.id, i)} />
      </Paper>
    </Stack>
  );
}

export function LoadPage() {
  const [granularity, setGranularity] = useState<Granularity>('day');
  const [span, setSpan] = useState<Record<Granularity, number>>({ day: 14, week: 8 });
  const n = span[granularity];
  const win = useMemo(() => loadWindow(granularity, n), [granularity, n]);
  const load = useQuery(loadQuery(granularity, win.from, win.to));
  const wcs = useQuery(workCentersQuery());
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t.load.title}
        </Title>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            aria-label={t.load.granularity}
            value={granularity}
            onChange={(v) => setGranularity(v as Granularity)}
            data={[
              { value: 'day', label: t.load.tactical },
              { value: 'week', label: t.load.strategic },
            ]}
          />
          <Select
            size="xs"
            w={120}
            aria-label={t.load.range}
            allowDeselect={false}
            value={String(n)}
            onChange={(v) => v && setSpan((s) => ({ ...s, [granularity]: Number(v) }))}
            data={RANGES[granularity].map((x) => ({
              value: String(x),
              label: granularity === 'day' ? t.load.days(x) : t.load.weeks(x),
            }))}
          />
        </Group>
      </Group>
      <QueryState query={load} isEmpty={(d) => d.items.length === 0} empty={t.load.empty}>
        {(data) =>
          wcs.isError ? (
            <Alert color="red">{String(wcs.error)}</Alert>
          ) : (
            <LoadView data={data} wcs={wcs.data?.items ?? []} granularity={granularity} />
          )
        }
      </QueryState>
    </Stack>
  );
}
