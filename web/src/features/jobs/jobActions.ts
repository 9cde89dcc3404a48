// Lifecycle actions on a job: which ones the job's status and the user's role allow, and the
// mutation that performs one (with the version read, so a stale view gets a 409).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { notifyError, notifyOk } from '../../components/notify';
import { t } from '../../i18n';
import { invalidateJobs } from './api';
import type { Job } from './types';

export type JobAction = 'release' | 'hold' | 'unhold' | 'cancel' | 'delete';

// The actions the server requires a reason for.
export const needsReason = (a: JobAction) => a === 'hold' || a === 'cancel';

const holdable = ['planned', 'released', 'in_progress'];

const route: Record<JobAction, string> = {
  release: 'POST /api/v1/jobs/{id}/release',
  hold: 'POST /api/v1/jobs/{id}/hold',
  unhold: 'POST /api/v1/jobs/{id}/unhold',
  cancel: 'POST /api/v1/jobs/{id}/cancel',
  delete: 'DELETE /api/v1/jobs/{id}',
};

function statusAllows(status: string, action: JobAction): boolean {
  switch (action) {
    case 'release':
    case 'delete':
      return status === 'planned';
    case 'hold':
      return holdable.includes(status);
    case 'unhold':
      return status === 'on_hold';
    case 'cancel':
      return holdable.includes(status) || status === 'on_hold';
  }
}

// The actions this user may take on `job` now, in menu order.
export function availableActions(job: Pick<Job, 'status'>, can: (r: string) => boolean): JobAction[] {
  return (['release', 'hold', 'unhold', 'cancel', 'delete'] as const).filter(
    (a) => statusAllows(job.status, a) && can(route[a]),
  );
}

export interface ActionInput {
  job: Pick<Job, 'id' | 'number' | 'version'>;
  action: JobAction;
  reason?: string;
}

async function perform({ job, action, reason }: ActionInput): Promise<void> {
  const path = { id: String(job.id) };
  const body = { version: job.version };
  // hold and cancel require a reason; release and unhold take none.
  const withReason = { ...body, reason: reason ?? '' };
  switch (action) {
    case 'delete':
      await unwrap(
        api.DELETE('/api/v1/jobs/{id}', { params: { path, query: { version: job.version } } }),
      );
      return;
    case 'release':
      await unwrap(api.POST('/api/v1/jobs/{id}/release', { params: { path }, body }));
      return;
    case 'hold':
      await unwrap(api.POST('/api/v1/jobs/{id}/hold', { params: { path }, body: withReason }));
      return;
    case 'unhold':
      await unwrap(api.POST('/api/v1/jobs/{id}/unhold', { params: { path }, body }));
      return;
    case 'cancel':
      await unwrap(api.POST('/api/v1/jobs/{id}/cancel', { params: { path }, body: withReason }));
  }
}

export function useJobAction(onDone?: (input: ActionInput) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: perform,
    onSuccess: (_, input) => {
      notifyOk(t.jobs.done[input.action](input.job.number));
      onDone?.(input);
    },
    onError: (err) => notifyError(err),
    onSettled: (_d, _e, input) => invalidateJobs(client, input.job.id),
  });
}
