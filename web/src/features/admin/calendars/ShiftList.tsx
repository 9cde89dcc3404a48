// The shifts of one weekday as an editable list: name, start, end (HH:MM; an end at or before
// the start is the next morning) and breaks.
import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconCopy, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { t } from '../../../i18n';
import type { Shift } from '../types';
import { endAfter } from './model';
import { TimeField } from './TimeField';

const m = t.admin.cal;

interface Props {
  day: number;
  shifts: Shift[];
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (shifts: Shift[]) => void;
  onCopyToWeekdays: () => void;
}

export function ShiftList({ day, shifts, errors, readOnly, onChange, onCopyToWeekdays }: Props) {
  const update = (i: number, s: Shift) => onChange(shifts.map((x, j) => (j === i ? s : x)));
  const add = () => {
    const last = shifts[shifts.length - 1];
    const start = last ? last.end_minute % 1440 : 360;
    onChange([...shifts, { name: `shift ${shifts.length + 1}`, start_minute: start, end_minute: endAfter(start, (start + 480) % 1440), breaks: [] }]);
  };
  const dayName = m.days[day]!;

  return (
    <Stack gap="xs" data-testid="shift-list">
      <Group justify="space-between">
        <Text fw={700} size="sm">
          {m.shifts} · {dayName}
        </Text>
        {!readOnly && (
          <Group gap={4}>
            <Button size="compact-xs" variant="subtle" leftSection={<IconCopy size={14} />} onClick={onCopyToWeekdays}>
              {m.copyToWeekdays(dayName)}
            </Button>
            <Button size="compact-xs" variant="light" leftSection={<IconPlus size={14} />} onClick={add}>
              {m.addShift}
            </Button>
          </Group>
        )}
      </Group>
      {shifts.length === 0 && (
        <Text size="sm" c="dimmed">
          {m.noShifts}
        </Text>
      )}
      {shifts.map((s, i) => {
        const p = `week/${day}/${i}`;
        return (
          <Paper key={i} withBorder p="xs" radius="sm">
            <fieldset disabled={readOnly} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <TextInput label={m.shiftName} size="xs" value={s.name} onChange={(e) => update(i, { ...s, name: e.currentTarget.value })} error={errors[`${p}/name`]} w={120} />
                <TimeField
                  label={m.start}
                  minute={s.start_minute}
                  error={errors[`${p}/start_minute`]}
                  onChange={(v) => update(i, { ...s, start_minute: v, end_minute: endAfter(v, s.end_minute % 1440 || 1440) })}
                />
                <TimeField label={m.end} minute={s.end_minute} error={errors[`${p}/end_minute`]} onChange={(v) => update(i, { ...s, end_minute: endAfter(s.start_minute, v === 0 ? 1440 : v) })} />
                <Stack gap={4} style={{ flex: 1 }}>
                  <Text size="xs" fw={500}>
                    {m.breaks}
                  </Text>
                  {s.breaks.map((b, j) => (
                    <Group key={j} gap={4} wrap="nowrap" align="flex-start">
                      <TimeField
                        hideLabel
                        label={`${m.breakStart} ${j + 1} (${s.name})`}
                        minute={b.start_minute}
                        error={errors[`${p}/breaks/${j}/start_minute`]}
                        onChange={(v) => update(i, { ...s, breaks: s.breaks.map((x, k) => (k === j ? { ...x, start_minute: v < s.start_minute ? v + 1440 : v } : x)) })}
                      />
                      <Text size="xs" pt={6}>
                        –
                      </Text>
                      <TimeField
                        hideLabel
                        label={`${m.breakEnd} ${j + 1} (${s.name})`}
                        minute={b.end_minute}
                        error={errors[`${p}/breaks/${j}/end_minute`]}
                        onChange={(v) => update(i, { ...s, breaks: s.breaks.map((x, k) => (k === j ? { ...x, end_minute: v <= s.start_minute ? v + 1440 : v } : x)) })}
                      />
                      {!readOnly && (
                        <ActionIcon variant="subtle" color="gray" size="sm" mt={4} aria-label={`${m.removeBreak} ${j + 1} (${s.name})`} onClick={() => update(i, { ...s, breaks: s.breaks.filter((_, k) => k !== j) })}>
                          <IconX size={14} />
                        </ActionIcon>
                      )}
                    </Group>
                  ))}
                  {!readOnly && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      w="fit-content"
                      leftSection={<IconPlus size={12} />}
                      onClick={() => {
                        const mid = s.start_minute + Math.floor((s.end_minute - s.start_minute) / 2 / 30) * 30;
                        update(i, { ...s, breaks: [...s.breaks, { start_minute: mid, end_minute: mid + 30 }] });
                      }}
                    >
                      {m.addBreak}
                    </Button>
                  )}
                </Stack>
                {!readOnly && (
                  <ActionIcon variant="subtle" color="red" mt={22} aria-label={m.removeShift(s.name)} onClick={() => onChange(shifts.filter((_, j) => j !== i))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
            </fieldset>
          </Paper>
        );
      })}
    </Stack>
  );
}
