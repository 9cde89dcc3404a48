// One approval: title, gate, routed role, age, the agent's summary, the evidence, and either
// the decision form (pending, for the routed role or an admin) or the decision taken.
import { Anchor, Badge, Code, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useCan, useMe } from '../../auth/session';
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration } from '../../lib/time';
import { useNow } from '../machines/useNow';
import { approvalPath, threadPath } from './links';
import { DecisionForm } from './DecisionForm';
import { EvidencePanel } from './EvidencePanel';
import { DECIDE_ROUTE, type Approval } from './types';

const a = t.approvals;

const gateColor: Record<string, string> = {
  rush_order: 'orange',
  overtime: 'blue',
  quality_hold: 'red',
  material_shortage: 'grape',
  customer_escalation: 'cyan',
};

const statusColor: Record<string, string> = {
  pending: 'yellow',
  approved: 'teal',
  rejected: 'gray',
  failed: 'red',
  expired: 'gray',
};

export function GateBadge({ gate }: { gate: string }) {
  return (
    <Badge color={gateColor[gate] ?? 'gray'} variant="light" c="dark.8" data-gate={gate}>
      {a.gateNames[gate] ?? gate}
    </Badge>
  );
}

export function ApprovalStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={statusColor[status] ?? 'gray'} variant="light" c="dark.8" data-status={status}>
      {a.statusNames[status] ?? status}
    </Badge>
  );
}

function Decided({ approval }: { approval: Approval }) {
  return (
    <Stack gap={6} data-testid={`decided-${approval.id}`}>
      <Group gap="sm">
        <ApprovalStatusBadge status={approval.status} />
        {approval.verdict && (
          <Text size="sm" fw={600}>
            {a.verdictNames[approval.verdict] ?? approval.verdict}
          </Text>
        )}
        <Text size="sm" c="gray.7">
          {a.decidedBy(approval.decided_by || '—', fmtDateTime(approval.decided_at))}
        </Text>
      </Group>
      {approval.comment && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="decision-comment">
          “{approval.comment}”
        </Text>
      )}
      {approval.error && (
        <Text size="sm" c="red.9">
          {a.error}: {approval.error}
        </Text>
      )}
      {approval.verdict === 'edit' && approval.applied_action != null && (
        <Stack gap={2}>
          <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
            {a.appliedAction}
          </Text>
          <Code block fz="xs">
            {JSON.stringify(approval.applied_action, null, 2)}
          </Code>
        </Stack>
      )}
    </Stack>
  );
}

interface Props {
  approval: Approval;
  onDecided?: (a: Approval) => void;
  // The title links to the approval's own page (the inbox); off on that page.
  linkTitle?: boolean;
}

export function ApprovalCard({ approval, onDecided, linkTitle = true }: Props) {
  const now = useNow(30_000);
  const me = useMe().data;
  const can = useCan();
  const roles = me?.roles ?? [];
  const mayDecide =
    approval.status === 'pending' && can(DECIDE_ROUTE) && (roles.includes('admin') || roles.includes(approval.role));
  const ageS = Math.max(0, (now - Date.parse(approval.created_at)) / 1000);
  return (
    <Paper
      withBorder
      p="md"
      radius="sm"
      component="article"
      aria-labelledby={`approval-title-${approval.id}`}
      data-testid={`approval-${approval.id}`}
      data-gate={approval.gate}
      data-status={approval.status}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4}>
            <Group gap="xs">
              <GateBadge gate={approval.gate} />
              <Badge variant="outline" color="gray" c="dark.8">
                {a.routedTo(a.roleNames[approval.role] ?? approval.role)}
              </Badge>
              {approval.status !== 'pending' && <ApprovalStatusBadge status={approval.status} />}
            </Group>
            <Title order={3} size="h4" id={`approval-title-${approval.id}`}>
              {linkTitle ? (
                <Anchor component={Link} to={approvalPath(approval.id)} c="inherit" inherit>
                  {approval.title}
                </Anchor>
              ) : (
                approval.title
              )}
            </Title>
          </Stack>
          <Stack gap={0} align="flex-end">
            <Text size="sm" fw={600} title={fmtDateTime(approval.created_at)}>
              {a.age(fmtDuration(ageS))}
            </Text>
            {approval.thread_id && (
              <Anchor component={Link} to={threadPath(approval.thread_id)} size="xs">
                {a.openThread}
              </Anchor>
            )}
          </Stack>
        </Group>
        {approval.summary && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {approval.summary}
          </Text>
        )}
        <EvidencePanel gate={approval.gate} evidence={approval.evidence} />
        <Divider />
        {approval.status === 'pending' ? (
          mayDecide ? (
            <DecisionForm approval={approval} onDecided={onDecided} />
          ) : (
            <Text size="sm" c="gray.7">
              {a.cannotDecide}
            </Text>
          )
        ) : (
          <Decided approval={approval} />
        )}
      </Stack>
    </Paper>
  );
}
