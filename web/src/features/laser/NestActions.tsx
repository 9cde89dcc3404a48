// The operator's actions on a program of the laser queue, by its state: Start (posted,
// stopped), Stop (started), Done (started, stopped), Reject pieces (not cut) and Delete
// (posted, stopped). kerf sends each to Sigmanest (docs/sigmanest_outbound.md). Shown only to
// roles that may call the routes (roles.gen.ts); server errors are toasts, field errors show
// on the reject dialog's inputs.
import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useCan } from '../../auth/session';
import { notifyError, notifyOk } from '../../components/notify';
import { t } from '../../i18n';
import { serverFieldErrors } from '../admin/shared/fieldErrors';
import { useNestAction, type NestAction } from './api';
import type { LaserQueueEntry } from './types';

const l = t.laser;

export const START_ROUTE = 'POST /api/v1/nests/{id}/start';

function RejectDialog({ e, onClose }: { e: LaserQueueEntry; onClose: () => void }) {
  const n = e.nest;
  // job_numbers follow the program's distinct jobs in order.
  const jobIds = [...new Set(n.parts.map((p) => p.job_id))];
  const jobNumber = (id: number) => e.job_numbers[jobIds.indexOf(id)] ?? `#${id}`;
  const lines = n.parts.map((p, i) => ({
    value: String(i),
    label: `${jobNumber(p.job_id)} · ${l.partLabel(p.part_id)} (${p.qty})`,
  }));
  const [line, setLine] = useState<string | null>(lines.length === 1 ? '0' : null);
  const [pieces, setPieces] = useState<number | string>(1);
  const [reason, setReason] = useState('');
  const act = useNestAction();
  const errors = serverFieldErrors(act.error);
  const part = line !== null ? n.parts[Number(line)] : undefined;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!part) return;
    act.mutate(
      {
        kind: 'reject',
        id: n.id,
        partId: part.part_id,
        jobId: part.job_id,
        pieces: Number(pieces),
        reason: reason.trim(),
      },
      {
        onSuccess: () => {
          notifyOk(l.rejected(n.program_name));
          onClose();
        },
        // Field errors show on the inputs; anything else (409: the program was cut) is a toast.
        onError: (err) => {
          if (Object.keys(serverFieldErrors(err)).length === 0) notifyError(err);
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={l.rejectTitle(n.program_name)} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select
            label={l.rejectPart}
            data={lines}
            value={line}
            onChange={setLine}
            error={errors.part_id ?? errors.job_id}
            required
            data-autofocus
          />
          <NumberInput
            label={l.rejectPieces}
            min={1}
            max={part?.qty}
            value={pieces}
            onChange={setPieces}
            error={errors.pieces}
            required
          />
          <TextInput
            label={l.rejectReason}
            value={reason}
            onChange={(ev) => setReason(ev.currentTarget.value)}
            error={errors.reason}
            maxLength={200}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t.common.cancel}
            </Button>
            <Button type="submit" loading={act.isPending} disabled={!part || !reason.trim()}>
              {l.reject}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function NestActions({ e }: { e: LaserQueueEntry }) {
  const can = useCan();
  const act = useNestAction();
  const [rejecting, setRejecting] = useState(false);
  const n = e.nest;
  if (!can(START_ROUTE)) return null;
  const run = (a: NestAction, done: string) =>
    act.mutate(a, { onSuccess: () => notifyOk(done), onError: (err) => notifyError(err) });
  const s = n.state;
  // Default-variant buttons: the light colour variants miss the 4.5:1 contrast at this size.
  const button = (label: string, onClick: () => void) => (
    <Button
      size="compact-xs"
      variant="default"
      loading={act.isPending && act.variables?.id === n.id}
      aria-label={`${label} ${n.program_name}`}
      onClick={onClick}
    >
      {label}
    </Button>
  );
  return (
    <Group gap={4} wrap="nowrap">
      {(s === 'posted' || s === 'stopped') &&
        button(l.start, () => run({ kind: 'start', id: n.id }, l.started(n.program_name)))}
      {s === 'started' && button(l.stop, () => run({ kind: 'stop', id: n.id }, l.stopped(n.program_name)))}
      {(s === 'started' || s === 'stopped') &&
        button(l.done, () => run({ kind: 'done', id: n.id }, l.finished(n.program_name)))}
      {s !== 'cut' && button(l.reject, () => setRejecting(true))}
      {(s === 'posted' || s === 'stopped') &&
        button(l.remove, () => run({ kind: 'delete', id: n.id }, l.removed(n.program_name)))}
      {rejecting && <RejectDialog e={e} onClose={() => setRejecting(false)} />}
    </Group>
  );
}
