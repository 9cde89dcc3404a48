// A proposed repair after a work center went down: what moves, Accept (= commit the repair run)
// or Dismiss. The API has no reject route: dismissing only hides the proposal in this browser
// session (the run stays stored and uncommitted).
import { Alert, Button, Group, Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifyError, notifyOk } from '../../components/notify';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { commitRun, runQuery } from './api';
import { BOARD_ROOTS } from './useBoardActions';

interface Props {
  runId: number;
  canCommit: boolean;
  highlight: boolean;
  onHighlight: (on: boolean, operationIds: number[]) => void;
  onDismiss: () => void;
}

export function RepairBanner({ runId, canCommit, highlight, onHighlight, onDismiss }: Props) {
  const client = useQueryClient();
  const run = useQuery(runQuery(runId));
  const commit = useMutation({
    mutationFn: () => commitRun(runId),
    onSuccess: () => {
      notifyOk(t.planner.repairAccepted);
      onHighlight(false, []);
      for (const root of [...BOARD_ROOTS, 'run', 'runs']) void client.invalidateQueries({ queryKey: [root] });
      onDismiss();
    },
    onError: (e) => notifyError(e),
  });
  const doc = run.data;
  if (!doc || doc.committed || doc.status !== 'succeeded') return null;
  const moved = doc.moved_operation_ids ?? [];
  const wc = doc.repair?.work_center_code ?? `#${doc.repair?.work_center_id ?? '?'}`;
  return (
    <Alert color="orange" variant="light" title={t.planner.repairTitle(wc)} data-testid="repair-banner" py="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm">
          {t.planner.repairBody(moved.length)}{' '}
          {doc.repair ? `${fmtDateTime(doc.repair.from)} – ${fmtDateTime(doc.repair.to)}` : ''}
        </Text>
        <Group gap="xs">
          <Switch
            size="xs"
            label={t.planner.showMoved}
            checked={highlight}
            onChange={(e) => onHighlight(e.currentTarget.checked, moved)}
          />
          {canCommit && (
            <Button size="xs" color="orange.9" loading={commit.isPending} onClick={() => commit.mutate()}>
              {t.planner.accept}
            </Button>
          )}
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              onHighlight(false, []);
              notifyOk(t.planner.repairDismissed);
              onDismiss();
            }}
          >
            {t.planner.reject}
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
