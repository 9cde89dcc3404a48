// Job / operation status as a labelled badge (the colour only repeats the text).
import { Badge } from '@mantine/core';
import { t } from '../../i18n';

const jobColours: Record<string, string> = {
  planned: 'gray',
  released: 'blue',
  in_progress: 'indigo',
  on_hold: 'orange',
  complete: 'teal',
  shipped: 'green',
  cancelled: 'red',
};

const opColours: Record<string, string> = {
  planned: 'gray',
  ready: 'blue',
  running: 'indigo',
  paused: 'orange',
  complete: 'teal',
};

export function JobStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={jobColours[status] ?? 'gray'} variant="light" radius="sm" size="sm">
      {t.jobs.status[status] ?? status}
    </Badge>
  );
}

export function OpStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={opColours[status] ?? 'gray'} variant="light" radius="sm" size="sm">
      {t.jobs.opStatus[status] ?? status}
    </Badge>
  );
}

const priorityColours = ['red', 'orange', 'gray', 'gray', 'gray'];

export function PriorityBadge({ priority }: { priority: number }) {
  return (
    <Badge
      color={priorityColours[priority - 1] ?? 'gray'}
      variant={priority <= 2 ? 'filled' : 'outline'}
      radius="sm"
      size="sm"
      title={t.jobs.priorityHint}
    >
      {t.jobs.priority(priority)}
    </Badge>
  );
}
