// /materials/heat-lots/$lotId: a heat lot forwards to every job, part and customer it went
// into (and, from each job, back here).
import { Anchor, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/problem';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtShare } from '../../lib/share';
import { fmtDateTime } from '../../lib/time';
import { materialsPath } from '../jobs/links';
import { useHeatLotTrace } from './api';
import { materialName } from './SheetsTable';
import { TraceNests } from '../laser/TraceNests';
import { TraceConsumptions, TraceJobs, TraceSheets } from './TraceTables';
import type { HeatLotTrace } from './types';
import '../jobs/contrast.css';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {children}
      </Text>
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={title}>
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Trace({ trace }: { trace: HeatLotTrace }) {
  const lot = trace.heat_lot;
  // Sheets that left stock: a program's sheet is traced to each of its jobs, each with its share.
  const consumed = fmtShare(trace.consumptions.reduce((n, c) => n + c.sheet_share, 0));
  const onHand = trace.sheets.reduce((n, s) => n + s.quantity, 0);
  return (
    <Stack gap="md" className="kerf-aa-contrast">
      <Paper withBorder p="md" radius="sm">
        <Stack gap="sm">
          <Anchor component={Link} to={materialsPath} size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} aria-hidden />
              {t.materials.backToMaterials}
            </Group>
          </Anchor>
          <Group gap="md" align="baseline">
            <Title order={2}>{t.materials.traceTitle(lot.number)}</Title>
            <Text c="dimmed" size="sm">
              {t.materials.summaryJobs(trace.jobs.length)} · {t.materials.summaryConsumed(consumed)} ·{' '}
              {t.materials.summaryOnHand(onHand)}
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Fact label={t.materials.material}>{materialName(lot.material)}</Fact>
            <Fact label={t.materials.supplier}>{lot.supplier || '—'}</Fact>
            <Fact label={t.materials.millCert}>{lot.mill_cert_ref || '—'}</Fact>
            <Fact label={t.materials.receivedAt}>{fmtDateTime(lot.received)}</Fact>
          </SimpleGrid>
        </Stack>
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Section title={t.materials.jobsFed}>
            <TraceJobs jobs={trace.jobs} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Section title={t.materials.lotSheets}>
            <TraceSheets sheets={trace.sheets} />
          </Section>
        </Grid.Col>
      </Grid>
      <Section title={t.laser.nestsTitle}>
        <TraceNests nests={trace.nests ?? []} />
      </Section>
      <Section title={t.materials.consumptions}>
        <TraceConsumptions items={trace.consumptions} />
      </Section>
    </Stack>
  );
}

export function HeatLotPage() {
  const { lotId } = useParams({ strict: false }) as { lotId?: string };
  const q = useHeatLotTrace(Number(lotId));
  if (q.error instanceof ApiError && q.error.status === 404) {
    return <Text c="dimmed">{t.materials.lotNotFound}</Text>;
  }
  return <QueryState query={q}>{(trace) => <Trace trace={trace} />}</QueryState>;
}
