// Deciding a pending approval: approve, reject or edit (the action's fields open), with a
// comment that reject and edit require. Nothing optimistic: the card shows what the server
// answers; field errors appear at their fields, a 409 (decided or expired meanwhile) says so and
// the inbox refetches.
import { Alert, Button, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/problem';
import { notifyOk } from '../../components/notify';
import { t } from '../../i18n';
import { serverFieldErrors } from '../admin/shared/fieldErrors';
import { commentError, draftOf, editedAction, hasInput, type ActionDraft } from './action';
import { ActionEditor } from './ActionEditor';
import { useDecide } from './api';
import type { Approval, Verdict } from './types';

const a = t.approvals;

interface Props {
  approval: Approval;
  onDecided?: (a: Approval) => void;
}

// The fields the form shows an error at; other server errors are listed above the button.
function shownAt(field: string, verdict: Verdict, gate: string): boolean {
  if (field === 'comment' || field === 'verdict') return true;
  return verdict === 'edit' && hasInput(gate, field);
}

export function DecisionForm({ approval, onDecided }: Props) {
  const decide = useDecide();
  const [verdict, setVerdict] = useState<Verdict>('approve');
  const [comment, setComment] = useState('');
  const [draft, setDraft] = useState<ActionDraft>(() => draftOf(approval.action));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<unknown>(null);

  const serverErrors = serverFieldErrors(serverError);
  const errors = { ...serverErrors, ...clientErrors };
  const unplaced = Object.entries(serverErrors).filter(([f]) => !shownAt(f, verdict, approval.gate));
  const conflict = serverError instanceof ApiError && serverError.status === 409;

  const submit = () => {
    const problems: Record<string, string> = {};
    const c = commentError(verdict, comment);
    if (c) problems.comment = c;
    let action: Record<string, unknown> | undefined;
    if (verdict === 'edit') {
      const r = editedAction(approval.gate, approval.action, draft);
      Object.assign(problems, r.errors);
      action = r.action;
    }
    setClientErrors(problems);
    setServerError(null);
    if (Object.keys(problems).length > 0) return;
    decide.mutate(
      {
        id: approval.id,
        body: { verdict, comment: comment.trim(), ...(action ? { action } : {}) } as never,
      },
      {
        onSuccess: (decided) => {
          notifyOk(a.decidedOk(decided.title, a.statusNames[decided.status] ?? decided.status));
          onDecided?.(decided);
        },
        onError: (e) => setServerError(e),
      },
    );
  };

  const submitLabel = verdict === 'approve' ? a.submitApprove : verdict === 'reject' ? a.submitReject : a.submitEdit;
  return (
    <Stack gap="sm" data-testid={`decision-${approval.id}`}>
      <SegmentedControl
        aria-label={a.verdict}
        value={verdict}
        onChange={(v) => {
          setVerdict(v as Verdict);
          setClientErrors({});
        }}
        data={[
          { value: 'approve', label: a.approve },
          { value: 'edit', label: a.edit },
          { value: 'reject', label: a.reject },
        ]}
        w="fit-content"
      />
      {verdict === 'edit' && <ActionEditor gate={approval.gate} draft={draft} onChange={setDraft} errors={errors} />}
      <Textarea
        label={a.comment}
        description={a.commentHint}
        withAsterisk={verdict !== 'approve'}
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        error={errors.comment ? (clientErrors.comment ? a.commentRequired : errors.comment) : undefined}
        autosize
        minRows={2}
        maxRows={6}
      />
      {errors.verdict && (
        <Text size="sm" c="red.8">
          {errors.verdict}
        </Text>
      )}
      {conflict && (
        <Alert color="orange" role="alert" data-testid="decision-conflict">
          {a.notPending}
        </Alert>
      )}
      {serverError !== null && !conflict && (unplaced.length > 0 || Object.keys(serverErrors).length === 0) && (
        <Alert color="red" role="alert" title={a.otherErrors} data-testid="decision-error">
          {unplaced.length > 0 ? unplaced.map(([f, m]) => <Text key={f} size="sm">{`${f}: ${m}`}</Text>) : errorMessage(serverError)}
        </Alert>
      )}
      <Group>
        <Button
          onClick={submit}
          loading={decide.isPending}
          color={verdict === 'reject' ? 'red.9' : 'teal.9'}
          data-testid={`submit-decision-${approval.id}`}
        >
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  );
}
