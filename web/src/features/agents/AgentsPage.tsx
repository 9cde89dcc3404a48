// The agents screen (/agents): status (model configured or not, breakers, cursor), the ask box,
// and the threads table filtered by status and agent; a thread opens its trace
// (/agents/threads/$threadId). Live through agent.* and approval.* events.
import { Alert, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { useAgentStatus } from './api';
import { AskBox } from './AskBox';
import { breakerRows } from './model';
import { ThreadsTable } from './ThreadsTable';
import type { AgentStatus } from './types';

const g = t.agents;

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600} component="div">
        {value}
      </Text>
    </Stack>
  );
}

export function StatusPanel({ status }: { status: AgentStatus }) {
  const breakers = breakerRows(status.breakers);
  const counts = Object.entries((status.threads ?? {}) as Record<string, number>);
  return (
    <Paper withBorder p="md" radius="sm" data-testid="agents-status">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {g.status}
          </Title>
          <Badge color={status.enabled ? 'teal' : 'gray'} variant="light" c="dark.8" data-testid="agents-enabled">
            {status.enabled ? g.enabled : g.disabled}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Fact
            label={g.model}
            testId="agents-model"
            value={
              status.llm.configured ? (
                g.modelConfigured(status.llm.model ?? '')
              ) : (
                <Text span size="sm" fw={600} c="gray.7">
                  {g.modelNone}
                </Text>
              )
            }
          />
          <Fact label={g.lastPoll} value={status.last_poll_at ? fmtDateTime(status.last_poll_at) : g.never} />
          <Fact label={g.cursor} value={String(status.cursor ?? '—')} />
          <Fact label={g.lastError} value={status.last_error || '—'} />
        </SimpleGrid>
        {!status.llm.configured && status.llm.reason && (
          <Text size="xs" c="gray.7">
            {status.llm.reason}
          </Text>
        )}
        <Stack gap={4}>
          <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
            {g.breakers}
          </Text>
          {breakers.length === 0 ? (
            <Text size="sm">{g.noBreakers}</Text>
          ) : (
            <Group gap="xs" data-testid="agents-breakers">
              {breakers.map((b) => (
                <Badge key={b.agent} color={b.open ? 'red' : 'gray'} variant={b.open ? 'filled' : 'light'} c={b.open ? undefined : 'dark.8'}>
                  {g.agentNames[b.agent] ?? b.agent}: {b.open ? g.breakerOpen : g.breakerClosed}
                  {b.failures ? ` (${b.failures})` : ''}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
        {counts.length > 0 && (
          <Group gap="xs" data-testid="agents-thread-counts">
            {counts.map(([s, n]) => (
              <Badge key={s} variant="outline" color="gray" c="dark.8">
                {g.statusNames[s] ?? s} {n}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

export function AgentsPage() {
  const status = useAgentStatus();
  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{g.title}</Title>
        <Text size="sm" c="gray.7">
          {g.intro}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {status.isError ? (
          <Alert color="gray" title={g.disabled}>
            {status.error.message}
          </Alert>
        ) : (
          <QueryState query={status}>{(s) => <StatusPanel status={s} />}</QueryState>
        )}
        <AskBox />
      </SimpleGrid>
      <ThreadsTable />
    </Stack>
  );
}
