// Late jobs with the reason chain ("why late": each op waited for its job, its machine or
// nothing) and the engine's suggestions. Source: the open run's document, else the current plan.
import { Accordion, Anchor, Badge, Group, List, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration } from '../../lib/time';
import type { LateJob } from './types';

interface Props {
  jobs: LateJob[];
  source: string;
  codeOf: (wcId: number) => string;
  maxSuggestions?: number;
}

function LateJobItem({ job, codeOf, maxSuggestions }: { job: LateJob; codeOf: Props['codeOf']; maxSuggestions: number }) {
  const shown = job.suggestions.slice(0, maxSuggestions);
  const more = job.suggestions.length - shown.length;
  return (
    <Accordion.Item value={String(job.job_id)}>
      <Accordion.Control>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={700} size="sm">
            {job.number}
          </Text>
          <Badge color="red.9" variant="outline">
            {t.planner.tip.lateBy(fmtDuration(job.tardiness_s))}
          </Badge>
        </Group>
        <Text size="xs" c="gray.7">
          {t.planner.dueDone(fmtDateTime(job.due), fmtDateTime(job.completion))}
        </Text>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap={6}>
          <Anchor
            size="xs"
            renderRoot={(p) => <Link {...p} to="/jobs/$jobId" params={{ jobId: String(job.job_id) }} />}
          >
            {job.number} →
          </Anchor>
          <Text size="xs" fw={700} tt="uppercase" c="gray.7">
            {t.planner.whyLate}
          </Text>
          <List size="xs" spacing={2}>
            {job.critical_chain.map((c) => (
              <List.Item key={`${c.operation_id}-${c.start}`}>
                <Text span size="xs" fw={600}>
                  {c.operation}
                </Text>{' '}
                <Text span size="xs" c="gray.7">
                  {codeOf(c.work_center_id)} · {fmtDateTime(c.start)} – {fmtDateTime(c.end)} ·{' '}
                  {t.planner.waitedFor[c.reason] ?? c.reason}
                </Text>
              </List.Item>
            ))}
          </List>
          {shown.length > 0 && (
            <>
              <Text size="xs" fw={700} tt="uppercase" c="gray.7">
                {t.planner.suggestions}
              </Text>
              <List size="xs" spacing={2}>
                {shown.map((s) => (
                  <List.Item key={s}>{s}</List.Item>
                ))}
              </List>
              {more > 0 && (
                <Text size="xs" c="gray.7">
                  {t.planner.moreSuggestions(more)}
                </Text>
              )}
            </>
          )}
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

export function LateJobsPanel({ jobs, source, codeOf, maxSuggestions = 5 }: Props) {
  return (
    <Stack gap="xs" h="100%" data-testid="late-jobs">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t.planner.lateJobs} ({jobs.length})
        </Title>
        <Text size="xs" c="gray.7">
          {source}
        </Text>
      </Group>
      {jobs.length === 0 ? (
        <Text size="sm" c="gray.7">
          {t.planner.noLateJobs}
        </Text>
      ) : (
        <ScrollArea style={{ flex: 1 }} type="auto">
          <Accordion variant="contained" chevronPosition="left">
            {[...jobs]
              .sort((a, b) => b.tardiness_s - a.tardiness_s)
              .map((j) => (
                <LateJobItem key={j.job_id} job={j} codeOf={codeOf} maxSuggestions={maxSuggestions} />
              ))}
          </Accordion>
        </ScrollArea>
      )}
    </Stack>
  );
}
