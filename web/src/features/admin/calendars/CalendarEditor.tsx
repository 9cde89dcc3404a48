// One calendar as a draft: the week grid, the shifts of the picked day, holidays and overtime.
// Saving PUTs the whole calendar with the version read; a 409 reloads the latest version and
// says so; field errors (the client's and the server's) are shown at their inputs.
import { Badge, Button, Grid, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '../../../api/problem';
import { notifyError, notifyOk } from '../../../components/notify';
import { t } from '../../../i18n';
import { updateCalendar } from '../api';
import { serverFieldErrors } from '../shared/fieldErrors';
import type { Calendar, Shift } from '../types';
import { calendarErrors, contentOf, weeklyHours } from './model';
import { HolidaysEditor } from './HolidaysEditor';
import { OvertimeEditor } from './OvertimeEditor';
import { ShiftList } from './ShiftList';
import { WeekGrid } from './WeekGrid';

const m = t.admin.cal;

interface Props {
  calendar: Calendar;
  canWrite: boolean;
  reload: () => Promise<Calendar | undefined>;
}

export function CalendarEditor({ calendar, canWrite, reload }: Props) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<Calendar>(calendar);
  const [day, setDay] = useState(0);
  const [showErrors, setShowErrors] = useState(false);
  const dirty = contentOf(draft) !== contentOf(calendar);

  // A newer server version replaces the draft unless there are unsaved edits.
  useEffect(() => {
    setDraft((d) => (contentOf(d) === contentOf(calendar) || d.id !== calendar.id ? calendar : d));
  }, [calendar]);

  const save = useMutation({
    mutationFn: updateCalendar,
    onSuccess: () => {
      notifyOk(m.saved(draft.name));
      setShowErrors(false);
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 409) {
        const fresh = await reload();
        if (fresh) setDraft(fresh);
        notifyError(err, m.conflictReloaded);
      } else {
        setShowErrors(true);
        notifyError(err);
      }
    },
    onSettled: () => Promise.all(['calendars', 'board', 'load', 'audit'].map((r) => client.invalidateQueries({ queryKey: [r] }))),
  });

  const local = calendarErrors(draft);
  const errors = showErrors ? { ...local, ...serverFieldErrors(save.error) } : {};
  const edit = (patch: Partial<Calendar>) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (save.error) save.reset();
  };
  const setDay_ = (shifts: Shift[]) => edit({ week: draft.week.map((s, i) => (i === day ? shifts : s)) });
  const copyToWeekdays = () => edit({ week: draft.week.map((s, i) => (i < 5 ? structuredClone(draft.week[day] ?? []) : s)) });
  const submit = () => {
    setShowErrors(true);
    if (Object.keys(local).length > 0) return notifyError(new Error(m.fixErrors));
    save.mutate({ ...draft, version: calendar.version });
  };
  const readOnly = !canWrite;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end" gap="md">
          <TextInput label={m.name} value={draft.name} onChange={(e) => edit({ name: e.currentTarget.value })} error={errors.name} readOnly={readOnly} w={340} />
          <Text size="sm" c="dimmed" pb={6}>
            {m.hoursPerWeek(weeklyHours(draft))}
          </Text>
        </Group>
        {canWrite && (
          <Group gap="xs">
            {dirty && (
              <Badge color="orange" variant="light">
                {m.dirty}
              </Badge>
            )}
            <Button variant="default" disabled={!dirty} onClick={() => { setDraft(calendar); setShowErrors(false); }}>
              {m.reset}
            </Button>
            <Button disabled={!dirty} loading={save.isPending} onClick={submit}>
              {m.save}
            </Button>
          </Group>
        )}
      </Group>
      <Paper withBorder p="sm" radius="md">
        <WeekGrid name={draft.name} week={draft.week} selectedDay={day} onSelectDay={setDay} />
        <Group gap="md" mt={8} justify="flex-end" aria-hidden>
          <Legend swatch="var(--mantine-color-indigo-7)" label={m.legendShift} />
          <Legend swatch="repeating-linear-gradient(135deg, var(--mantine-color-gray-2) 0 3px, var(--mantine-color-gray-4) 3px 6px)" label={m.legendBreak} />
        </Group>
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="sm" radius="md">
            <ShiftList day={day} shifts={draft.week[day] ?? []} errors={errors} readOnly={readOnly} onChange={setDay_} onCopyToWeekdays={copyToWeekdays} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Paper withBorder p="sm" radius="md">
              <HolidaysEditor holidays={draft.holidays} errors={errors} readOnly={readOnly} onChange={(holidays) => edit({ holidays })} />
            </Paper>
            <Paper withBorder p="sm" radius="md">
              <OvertimeEditor overtime={draft.overtime} errors={errors} readOnly={readOnly} onChange={(overtime) => edit({ overtime })} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Legend({ swatch, label }: { swatch: string; label: string }) {
  return (
    <Group gap={4}>
      <span style={{ width: 14, height: 10, borderRadius: 2, background: swatch, display: 'inline-block' }} />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}
