// The head of the job detail: identity, key facts and the actions this user may take.
import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPencil, IconPrinter } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useCan } from '../../auth/session';
import { t } from '../../i18n';
import { fmtDateTime } from '../../lib/time';
import { useCustomers, useParts } from './api';
import { actionLabel, JobActionDialog } from './JobActionDialog';
import { availableActions, type JobAction } from './jobActions';
import { JobFormModal } from './JobFormModal';
import { jobsPath, travellerPath } from './links';
import { JobStatusBadge, PriorityBadge } from './StatusBadge';
import type { JobDetail } from './types';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {children}
      </Text>
    </Stack>
  );
}

export function JobHeader({ job }: { job: JobDetail }) {
  const can = useCan();
  const navigate = useNavigate();
  const parts = useParts();
  const customers = useCustomers();
  const [editing, setEditing] = useState(false);
  const [action, setAction] = useState<JobAction | null>(null);
  const part = parts.data?.find((p) => p.id === job.part_id);
  const customer = customers.data?.find((c) => c.id === job.customer_id);
  const done = job.operations.filter((o) => o.status === 'complete').length;
  const editable = can('PUT /api/v1/jobs/{id}') && !['complete', 'shipped', 'cancelled'].includes(job.status);

  return (
    <Paper withBorder p="md" radius="sm">
      <Stack gap="sm">
        <Anchor component={Link} to={jobsPath} size="sm" className="no-print">
          <Group gap={4}>
            <IconArrowLeft size={14} aria-hidden />
            {t.jobs.back}
          </Group>
        </Anchor>
        <Group justify="space-between" align="flex-start">
          <Group gap="sm" align="center">
            <Title order={2}>{job.number}</Title>
            <JobStatusBadge status={job.status} />
            <PriorityBadge priority={job.priority} />
            {job.held_from && (
              <Text size="xs" c="dimmed">
                {t.jobs.heldFrom(t.jobs.status[job.held_from] ?? job.held_from)}
              </Text>
            )}
          </Group>
          <Group gap="xs">
            {editable && (
              <Button variant="default" size="sm" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
                {t.jobs.edit}
              </Button>
            )}
            {availableActions(job, can).map((a) => (
              <Button
                key={a}
                size="sm"
                variant={a === 'release' ? 'filled' : 'light'}
                color={a === 'cancel' || a === 'delete' ? 'red' : a === 'hold' ? 'orange' : undefined}
                onClick={() => setAction(a)}
              >
                {actionLabel[a]}
              </Button>
            ))}
            <Button component={Link} to={travellerPath(job.id)} variant="default" size="sm" leftSection={<IconPrinter size={16} aria-hidden />}>
              {t.jobs.printTraveller}
            </Button>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md">
          <Fact label={t.jobs.customerLabel}>{customer ? `${customer.name} (${customer.code})` : '—'}</Fact>
          <Fact label={t.jobs.partLabel}>
            {part ? (
              <>
                {part.number} rev {part.revision}
                <Text size="xs" c="dimmed">
                  {part.description}
                </Text>
              </>
            ) : (
              '—'
            )}
          </Fact>
          <Fact label={t.jobs.quantityLabel}>{job.quantity}</Fact>
          <Fact label={t.jobs.dueLabel}>{fmtDateTime(job.due)}</Fact>
          <Fact label={t.jobs.priorityLabelShort}>{t.jobs.priority(job.priority)}</Fact>
          <Fact label={t.jobs.progressLabel}>{t.jobs.progressOf(done, job.operations.length)}</Fact>
        </SimpleGrid>
      </Stack>
      <JobFormModal opened={editing} onClose={() => setEditing(false)} job={job} />
      <JobActionDialog
        job={job}
        action={action}
        onClose={() => setAction(null)}
        onDone={(a) => {
          if (a === 'delete') void navigate({ to: jobsPath });
        }}
      />
    </Paper>
  );
}
