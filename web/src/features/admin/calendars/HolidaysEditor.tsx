// The calendar's holidays (plant-local dates without work): add by date, remove each.
import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { fmtDate } from '../../../lib/time';
import { t } from '../../../i18n';
import { isDate } from './model';

const m = t.admin.cal;

interface Props {
  holidays: string[];
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (holidays: string[]) => void;
}

// A date's weekday and day in plant time (noon UTC falls on the same date in every zone).
const label = (d: string) => (isDate(d) ? fmtDate(`${d}T12:00:00Z`) : d);

export function HolidaysEditor({ holidays, errors, readOnly, onChange }: Props) {
  const [date, setDate] = useState('');
  const [error, setError] = useState<string>();
  const add = () => {
    if (!isDate(date)) return setError(m.dateInvalid);
    if (holidays.includes(date)) return setError(m.duplicateHoliday);
    onChange([...holidays, date].sort());
    setDate('');
    setError(undefined);
  };
  return (
    <Stack gap="xs" data-testid="holidays">
      <Text fw={700} size="sm">
        {m.holidays}
      </Text>
      {!readOnly && (
        <Group gap="xs" align="flex-start">
          <TextInput
            type="date"
            label={m.holidayDate}
            size="xs"
            value={date}
            onChange={(e) => {
              setDate(e.currentTarget.value);
              setError(undefined);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
            error={error}
          />
          <Button size="xs" mt={22} variant="light" leftSection={<IconPlus size={14} />} onClick={add}>
            {m.addHoliday}
          </Button>
        </Group>
      )}
      {holidays.length === 0 && (
        <Text size="sm" c="dimmed">
          {m.noHolidays}
        </Text>
      )}
      <Group gap={6}>
        {holidays.map((h, i) => (
          <Group
            key={h + i}
            gap={2}
            wrap="nowrap"
            px={8}
            py={2}
            data-holiday={h}
            style={{ border: `1px solid var(--mantine-color-${errors[`holidays/${i}`] ? 'red-6' : 'gray-4'})`, borderRadius: 4 }}
          >
            <Text size="xs" title={errors[`holidays/${i}`]}>
              {label(h)}
            </Text>
            {!readOnly && (
              <ActionIcon size="xs" variant="subtle" color="gray" aria-label={m.removeHoliday(label(h))} onClick={() => onChange(holidays.filter((_, j) => j !== i))}>
                <IconX size={12} />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Group>
      {Object.entries(errors)
        .filter(([k]) => k.startsWith('holidays'))
        .map(([k, v]) => (
          <Text key={k} size="xs" c="red.7" role="alert">
            {label(holidays[Number(k.split('/')[1])] ?? k)}: {v}
          </Text>
        ))}
    </Stack>
  );
}
