// The operation card: what to make and the big action buttons for its current state.
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconPlayerPause, IconPlayerPlay, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useCan } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { fmtMaterial, fmtThickness } from '../departments/format';
import type { Job, Operation } from '../departments/types';
import { CompleteModal } from './CompleteModal';
import { PauseModal } from './PauseModal';
import { actionError, type Feedback } from './feedback';
import { getCustomer, getJob, getOperation, getPart, runAction, type CompleteInput, type OpAction } from './terminalApi';
import { tc } from './colors';

interface Props {
  opId: number;
  onClose: () => void;
  onFeedback: (f: Feedback) => void;
}

const statusColor: Record<string, string> = { ready: tc.ready, running: tc.go, paused: tc.pause, complete: tc.go, planned: tc.neutral };

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm" c="gray.5" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} className="kerf-term-fact">
        {value || '—'}
      </Text>
    </div>
  );
}

function Details({ op, job, onClose, onFeedback }: { op: Operation; job: Job } & Omit<Props, 'opId'>) {
  const k = t.terminal;
  const client = useQueryClient();
  const can = useCan();
  const part = useQuery({ queryKey: ['parts', job.part_id], queryFn: () => getPart(job.part_id), staleTime: 300_000 });
  const customer = useQuery({
    queryKey: ['customers', job.customer_id],
    queryFn: () => getCustomer(job.customer_id),
    staleTime: 300_000,
  });
  const [pausing, setPausing] = useState(false);
  const [completing, setCompleting] = useState(false);
  const what = `${job.number} · ${op.sequence} ${op.name}`;
  const act = useMutation({
    mutationFn: (v: { action: OpAction; reason?: string; complete?: CompleteInput }) => runAction(op, v.action, v),
    onSuccess: (_saved, v) => {
      setPausing(false);
      setCompleting(false);
      const msg = { start: k.started, pause: k.paused, resume: k.resumed, complete: k.completed }[v.action](what);
      onFeedback({ kind: 'ok', message: msg });
      for (const root of ['operations', 'job', 'dispatch', 'kanban', 'jobs']) {
        void client.invalidateQueries({ queryKey: [root] });
      }
      if (v.action === 'complete') onClose();
    },
    onError: (e) => {
      onFeedback({ kind: 'error', message: actionError(e) });
      void client.invalidateQueries({ queryKey: ['operations', op.id] });
    },
  });
  const p = part.data;
  const mayWork = can('POST /api/v1/operations/{id}/start');
  const busy = act.isPending;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2} className="kerf-term-jobno">
            {job.number}
          </Title>
          <Text size="xl" fw={600}>
            {op.sequence} · {op.name}
          </Text>
        </div>
        <Badge size="xl" color={statusColor[op.status]} variant="filled" data-testid="op-status">
          {k.status[op.status] ?? op.status}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="md">
        <Fact label={k.part} value={p ? `${p.number} ${p.revision}` : ''} />
        <Fact label={k.customer} value={customer.data?.name ?? ''} />
        <Fact label={k.material} value={p ? [fmtMaterial(p.material), fmtThickness(p.thickness_mm)].filter(Boolean).join(' · ') : ''} />
        <Fact label={k.quantity} value={k.pcs(job.quantity)} />
        <Fact label={k.goodScrap} value={`${op.qty_good} / ${op.qty_scrap}`} />
        <Fact label={k.due} value={fmtDateTime(job.due)} />
      </SimpleGrid>
      {p?.description && <Text c="gray.3">{p.description}</Text>}
      {!['released', 'in_progress'].includes(job.status) && op.status !== 'complete' && (
        <Text c="orange.4" fw={600} role="status">
          {k.jobNotActive}
        </Text>
      )}
      {mayWork ? (
        <SimpleGrid cols={{ base: 1, xs: op.status === 'running' || op.status === 'paused' ? 2 : 1 }} spacing="sm">
          {op.status === 'ready' && (
            <Button size="xl" h={80} color={tc.go} leftSection={<IconPlayerPlay size={32} />} loading={busy} onClick={() => act.mutate({ action: 'start' })}>
              {k.start}
            </Button>
          )}
          {op.status === 'running' && (
            <Button size="xl" h={80} color={tc.pause} leftSection={<IconPlayerPause size={32} />} disabled={busy} onClick={() => setPausing(true)}>
              {k.pause}
            </Button>
          )}
          {op.status === 'paused' && (
            <Button size="xl" h={80} color={tc.go} leftSection={<IconPlayerPlay size={32} />} loading={busy} onClick={() => act.mutate({ action: 'resume' })}>
              {k.resume}
            </Button>
          )}
          {(op.status === 'running' || op.status === 'paused') && (
            <Button size="xl" h={80} color={tc.done} leftSection={<IconCheck size={32} />} disabled={busy} onClick={() => setCompleting(true)}>
              {k.complete}
            </Button>
          )}
        </SimpleGrid>
      ) : (
        <Text c="gray.4">{k.noPermission}</Text>
      )}
      <Button size="lg" variant="subtle" color="gray" leftSection={<IconX size={22} />} onClick={onClose}>
        {k.close}
      </Button>
      <PauseModal opened={pausing} onClose={() => setPausing(false)} onPick={(reason) => act.mutate({ action: 'pause', reason })} />
      <CompleteModal
        opened={completing}
        quantity={job.quantity}
        busy={busy}
        onClose={() => setCompleting(false)}
        onConfirm={(complete) => act.mutate({ action: 'complete', complete })}
      />
    </Stack>
  );
}

export function OperationPanel({ opId, onClose, onFeedback }: Props) {
  const op = useQuery({ queryKey: ['operations', opId], queryFn: () => getOperation(opId) });
  const jobId = op.data?.job_id;
  const job = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => getJob(jobId!),
    enabled: jobId !== undefined,
  });
  return (
    <Paper className="kerf-term-panel kerf-term-card" p="md" radius="md" component="section" aria-label={t.terminal.job}>
      <QueryState query={op}>
        {(o) => (
          <QueryState query={job}>{(j) => <Details op={o} job={j} onClose={onClose} onFeedback={onFeedback} />}</QueryState>
        )}
      </QueryState>
    </Paper>
  );
}
