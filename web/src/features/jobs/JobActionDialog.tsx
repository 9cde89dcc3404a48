// Confirmation of a lifecycle action (with the reason the server requires for hold and cancel).
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { t } from '../../i18n';
import { needsReason, useJobAction, type JobAction } from './jobActions';
import type { Job } from './types';

interface Props {
  job: Pick<Job, 'id' | 'number' | 'version'>;
  action: JobAction | null;
  onClose: () => void;
  onDone?: (action: JobAction) => void;
}

const label: Record<JobAction, string> = {
  release: t.jobs.release,
  hold: t.jobs.hold,
  unhold: t.jobs.unhold,
  cancel: t.jobs.cancel,
  delete: t.jobs.delete,
};

export function JobActionDialog({ job, action, onClose, onDone }: Props) {
  const [reason, setReason] = useState('');
  const mutation = useJobAction((input) => onDone?.(input.action));
  const danger = action === 'cancel' || action === 'delete';
  const withReason = action !== null && needsReason(action);
  const close = () => {
    setReason('');
    onClose();
  };
  return (
    <Modal classNames={{ content: 'kerf-aa-contrast' }} opened={action !== null} onClose={close} title={action ? label[action] : ''} centered>
      {action && (
        <Stack gap="md">
          <Text size="sm">{t.jobs.confirm[action](job.number)}</Text>
          {withReason && (
            <Textarea
              label={t.jobs.reason}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              required
              data-autofocus
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t.jobs.keepIt}
            </Button>
            <Button
              color={danger ? 'red' : action === 'hold' ? 'orange' : undefined}
              loading={mutation.isPending}
              disabled={withReason && reason.trim() === ''}
              onClick={() =>
                mutation.mutate(
                  { job, action, reason: reason.trim() || undefined },
                  { onSettled: close },
                )
              }
            >
              {label[action]}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

export const actionLabel = label;
