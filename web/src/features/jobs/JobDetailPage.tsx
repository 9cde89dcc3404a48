// /jobs/$jobId: header and actions, routing progress, planned-vs-actual timeline, materials and
// heat lots consumed, audit history.
import { Grid, Paper, Stack, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useMemo, type ReactNode } from 'react';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { useJob, useMachinePartsLive, useOperationSlots, useWorkCenters } from './api';
import { JobHeader } from './JobHeader';
import { JobHistoryCard } from './JobHistoryCard';
import { JobMaterialsCard } from './JobMaterialsCard';
import { OpsTimeline } from './OpsTimeline';
import { RoutingTable } from './RoutingTable';
import type { JobDetail } from './types';
import './contrast.css';

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

function JobBody({ job }: { job: JobDetail }) {
  const ops = useMemo(() => [...job.operations].sort((a, b) => a.sequence - b.sequence), [job.operations]);
  const { slots } = useOperationSlots(ops);
  useMachinePartsLive(job.id, ops);
  const wcs = useWorkCenters();
  const wcMap = useMemo(() => new Map((wcs.data ?? []).map((w) => [w.id, w])), [wcs.data]);
  const machine = useMemo(() => new Map(job.machine_actuals.map((a) => [a.operation_id, a])), [job.machine_actuals]);
  return (
    <Stack gap="md" className="kerf-aa-contrast">
      <JobHeader job={job} />
      <Section title={t.jobs.routing}>
        <RoutingTable ops={ops} quantity={job.quantity} machine={machine} slots={slots} workCenters={wcMap} />
      </Section>
      <Section title={t.jobs.timeline}>
        <OpsTimeline ops={ops} slots={slots} />
      </Section>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Section title={t.jobs.materials}>
            <JobMaterialsCard jobId={job.id} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Section title={t.jobs.history}>
            <JobHistoryCard jobId={job.id} />
          </Section>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

export function JobDetailPage() {
  const { jobId } = useParams({ strict: false }) as { jobId?: string };
  const id = Number(jobId);
  const job = useJob(id);
  return <QueryState query={job}>{(j) => <JobBody job={j} />}</QueryState>;
}
