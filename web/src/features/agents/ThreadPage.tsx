// One agent thread (/agents/threads/$threadId): what started it, where it stands (or why it
// ended), its approval, and its trace: every super-step's node, duration, LLM calls and tokens,
// tool calls with arguments and results, input and output (expandable), then the state.
import { Anchor, Badge, Code, Group, Paper, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { agentsPath, approvalPath } from '../approvals/links';
import { useThread } from './api';
import { pretty, present } from './model';
import { ThreadStatusBadge } from './ThreadsTable';
import type { ThreadDetail, TraceStep } from './types';

const g = t.agents;

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600} component="div">
        {value}
      </Text>
    </Stack>
  );
}

// A JSON value behind a disclosure (closed unless `open`).
function Json({ label, value, open = false }: { label: string; value: unknown; open?: boolean }) {
  if (!present(value)) return null;
  return (
    <details open={open}>
      <summary>
        <Text span size="sm" fw={500}>
          {label}
        </Text>
      </summary>
      <Code block tabIndex={0} fz="xs" mt={4} style={{ maxHeight: 360, overflow: 'auto' }}>
        {pretty(value)}
      </Code>
    </details>
  );
}

function Step({ step }: { step: TraceStep }) {
  const calls = step.tool_calls ?? [];
  return (
    <Stack gap={6} data-testid={`trace-step-${step.step}-${step.node}`}>
      <Group gap="xs">
        <Text size="xs" c="gray.7">
          {fmtDateTime(step.started_at)}
        </Text>
        <Badge size="sm" variant="light" color="gray" c="dark.8">
          {g.duration(step.duration_ms)}
        </Badge>
        {step.llm_calls > 0 && (
          <Badge size="sm" variant="light" color="indigo" c="dark.8">
            {g.llmCallsN(step.llm_calls)} · {g.tokensN(step.tokens)}
          </Badge>
        )}
        {calls.length > 0 && (
          <Badge size="sm" variant="outline" color="gray" c="dark.8">
            {g.toolCalls(calls.length)}
          </Badge>
        )}
      </Group>
      {step.error && (
        <Text size="sm" c="red.9">
          {g.stepError}: {step.error}
        </Text>
      )}
      {calls.map((c, i) => (
        <details key={i} data-testid="tool-call">
          <summary>
            <Text span size="sm" ff="monospace" fw={600}>
              {c.tool}
            </Text>{' '}
            <Badge size="xs" variant="light" color={c.ok ? 'teal' : 'red'} c="dark.8">
              {c.ok ? g.toolOk : g.toolFailed}
            </Badge>
          </summary>
          <Stack gap={4} mt={4} pl="md">
            <Text size="xs" c="gray.7" fw={600}>
              {g.arguments}
            </Text>
            <Code block tabIndex={0} fz="xs">
              {pretty(c.arguments) || '{}'}
            </Code>
            <Text size="xs" c="gray.7" fw={600}>
              {g.result}
            </Text>
            <Code block tabIndex={0} fz="xs" style={{ maxHeight: 360, overflow: 'auto' }}>
              {pretty(c.result) || '—'}
            </Code>
          </Stack>
        </details>
      ))}
      <Json label={g.input} value={step.input} />
      <Json label={g.output} value={step.output} />
    </Stack>
  );
}

export function ThreadView({ detail }: { detail: ThreadDetail }) {
  const th = detail.thread;
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="sm" data-testid="thread-header">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h3">
              {g.threadTitle(g.agentNames[th.agent] ?? th.agent)}{' '}
              <Text span ff="monospace" size="md" c="gray.7">
                {th.id}
              </Text>
            </Title>
            <ThreadStatusBadge status={th.status} />
          </Group>
          {th.reason && <Text size="sm">{th.reason}</Text>}
          <SimpleGrid cols={{ base: 2, md: 6 }}>
            <Fact label={g.trigger} value={th.trigger || '—'} />
            <Fact label={g.step} value={th.step} />
            <Fact label={g.llmCalls} value={th.llm_calls} />
            <Fact label={g.tokens} value={th.tokens} />
            <Fact label={g.created} value={fmtDateTime(th.created_at)} />
            <Fact
              label={g.approval}
              value={
                th.approval_id ? (
                  <Anchor component={Link} to={approvalPath(th.approval_id)} size="sm" data-testid="thread-approval">
                    {g.openApproval(th.approval_id)}
                  </Anchor>
                ) : (
                  '—'
                )
              }
            />
          </SimpleGrid>
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="sm">
        <Title order={3} size="h4" mb="sm">
          {g.trace}
        </Title>
        {detail.steps.length === 0 ? (
          <Text c="gray.7">{g.noSteps}</Text>
        ) : (
          <Timeline bulletSize={22} lineWidth={2} data-testid="trace" active={detail.steps.length - 1}>
            {detail.steps.map((s) => (
              <Timeline.Item
                key={`${s.step}-${s.node}`}
                bullet={
                  <Text size="xs" fw={700}>
                    {s.step}
                  </Text>
                }
                color={s.error ? 'red' : 'indigo'}
                title={
                  <Text fw={700} ff="monospace" size="sm">
                    {s.node}
                  </Text>
                }
              >
                <Step step={s} />
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Paper>
      {(present(detail.state) || present(detail.next)) && (
        <Paper withBorder p="md" radius="sm">
          <Stack gap="xs">
            <Json label={g.finalState} value={detail.state} />
            <Json label={g.next} value={detail.next} open />
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

export function ThreadPage() {
  const { threadId } = useParams({ strict: false }) as { threadId?: string };
  const id = decodeURIComponent(threadId ?? '');
  const q = useThread(id);
  return (
    <Stack gap="md" maw={1200}>
      <Anchor component={Link} to={agentsPath} size="sm">
        ← {g.back}
      </Anchor>
      <QueryState query={q}>{(d) => <ThreadView detail={d} />}</QueryState>
    </Stack>
  );
}
