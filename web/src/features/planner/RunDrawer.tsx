// Run the scheduler: settings → live progress (events, with polling as a fallback) → the
// comparison with the current plan → commit. Only shown to roles that may run the scheduler.
import { Alert, Badge, Button, Drawer, Group, Progress, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { notifyError, notifyOk } from '../../components/notify';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { cancelRun, commitRun, runQuery, startRun } from './api';
import { RunComparison, utilisation } from './RunComparison';
import { RunForm } from './RunForm';
import type { LoadBucket, RunDoc, RunRequest } from './types';
import { BOARD_ROOTS } from './useBoardActions';
import { useRunProgress } from './useRunProgress';

interface Props {
  opened: boolean;
  onClose: () => void;
  runId: number | null;
  onRunId: (id: number | null) => void;
}

// Load of the current plan over the run's span, for the utilisation "before" figure.
function useCurrentUtilisation(run: RunDoc | undefined) {
  const load = run?.load ?? [];
  const from = load.reduce<string | null>((m, b) => (m === null || b.start < m ? b.start : m), null);
  const to = load.reduce<string | null>((m, b) => (m === null || b.end > m ? b.end : m), null);
  const q = useQuery({
    queryKey: ['load', 'day', from, to],
    enabled: from !== null && to !== null,
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/v1/schedule/load', {
          params: { query: { granularity: 'day', from: from ?? undefined, to: to ?? undefined } },
        }),
      )) as unknown as { items: LoadBucket[] },
  });
  return utilisation(q.data?.items);
}

export function RunDrawer({ opened, onClose, runId, onRunId }: Props) {
  const client = useQueryClient();
  const run = useQuery(runQuery(runId));
  const progress = useRunProgress(runId);
  const utilBefore = useCurrentUtilisation(run.data);

  const start = useMutation({
    mutationFn: (r: RunRequest) => startRun(r),
    onSuccess: (doc) => {
      client.setQueryData(['run', doc.id], doc);
      onRunId(doc.id);
    },
    onError: (e) => notifyError(e),
  });
  const cancel = useMutation({
    mutationFn: (id: number) => cancelRun(id),
    onSuccess: (doc) => client.setQueryData(['run', doc.id], doc),
    onError: (e) => notifyError(e),
  });
  const commit = useMutation({
    mutationFn: (id: number) => commitRun(id),
    onSuccess: () => {
      notifyOk(t.planner.committed);
      for (const root of [...BOARD_ROOTS, 'run', 'runs']) void client.invalidateQueries({ queryKey: [root] });
    },
    onError: (e) => notifyError(e),
  });

  const doc = run.data;
  const running = doc?.status === 'running';
  const finished = doc !== undefined && !running;

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size={520} title={t.planner.runTitle} closeButtonProps={{ 'aria-label': t.common.close }}>
      <Stack gap="md">
        {(runId === null || !doc) && <RunForm busy={start.isPending} onStart={(r) => start.mutate(r)} />}
        {doc && (
          <Group gap="xs">
            <Badge color="indigo.8" variant="filled">#{doc.id}</Badge>
            <Badge color="gray.8" variant="outline">{doc.mode}</Badge>
            <Badge color="gray.8" variant="outline">{doc.horizon}</Badge>
            {doc.what_if && <Badge color="grape.9" variant="filled">what-if</Badge>}
            <Text size="xs" c="gray.7">
              {fmtDateTime(doc.created_at)}
            </Text>
          </Group>
        )}
        {running && (
          <Stack gap={6} data-testid="run-progress">
            <Text size="sm" fw={500}>
              {t.planner.running}
            </Text>
            <Progress
              value={progress?.percent ?? 3}
              animated
              striped
              size="lg"
              aria-label={t.planner.progress}
              data-percent={Math.round(progress?.percent ?? 0)}
            />
            <Text size="xs" c="gray.7" aria-live="polite">
              {progress ? `${Math.round(progress.percent)} % · ` : ''}
              {progress?.best != null ? t.planner.best(progress.best) : ''}
            </Text>
            <Button
              variant="outline"
              color="red.9"
              loading={cancel.isPending}
              onClick={() => cancel.mutate(doc.id)}
            >
              {t.planner.cancelRun}
            </Button>
          </Stack>
        )}
        {finished && doc.status === 'failed' && (
          <Alert color="red" role="alert">
            {t.planner.failed(doc.error ?? '')}
          </Alert>
        )}
        {finished && doc.status !== 'failed' && (
          <>
            <Progress value={100} size="lg" color="teal" aria-label={t.planner.progress} data-testid="run-done" />
            {doc.status === 'cancelled' && <Alert color="yellow">{t.planner.cancelled}</Alert>}
            <Text fw={600} size="sm">
              {t.planner.compareTitle}
            </Text>
            <RunComparison
              before={doc.metrics_before}
              after={doc.metrics_after}
              utilBefore={doc.committed ? null : utilBefore}
              utilAfter={utilisation(doc.load)}
            />
            {doc.committed ? (
              <Alert color="teal">{t.planner.committedAlready}</Alert>
            ) : (
              <Button color="teal.9" loading={commit.isPending} onClick={() => commit.mutate(doc.id)}>
                {t.planner.commit}
              </Button>
            )}
          </>
        )}
        {finished && (
          <Button variant="default" onClick={() => onRunId(null)}>
            {t.planner.runAgain}
          </Button>
        )}
      </Stack>
    </Drawer>
  );
}
