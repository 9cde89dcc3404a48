// Overtime windows (extra working time on a date, in plant time): date, from, to, reason.
import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { t } from '../../../i18n';
import type { Overtime } from '../types';
import { isDate, overtimeOf, plantParts } from './model';
import { TimeField } from './TimeField';

const m = t.admin.cal;

interface Props {
  overtime: Overtime[];
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (overtime: Overtime[]) => void;
}

export function OvertimeEditor({ overtime, errors, readOnly, onChange }: Props) {
  const update = (i: number, o: Overtime) => onChange(overtime.map((x, j) => (j === i ? o : x)));
  const add = () => {
    const today = plantParts(new Date().toISOString()).date;
    onChange([...overtime, overtimeOf(today, 360, 720, '')]);
  };
  return (
    <Stack gap="xs" data-testid="overtime">
      <Group justify="space-between">
        <Text fw={700} size="sm">
          {m.overtime}
        </Text>
        {!readOnly && (
          <Button size="compact-xs" variant="light" leftSection={<IconPlus size={14} />} onClick={add}>
            {m.addOvertime}
          </Button>
        )}
      </Group>
      {overtime.length === 0 && (
        <Text size="sm" c="dimmed">
          {m.noOvertime}
        </Text>
      )}
      {overtime.map((o, i) => {
        const from = plantParts(o.start);
        const to = plantParts(o.end);
        const reason = o.reason ?? '';
        const n = i + 1;
        return (
          <fieldset key={i} disabled={readOnly} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                type="date"
                size="xs"
                aria-label={`${m.otDate} ${n}`}
                value={from.date}
                onChange={(e) => isDate(e.currentTarget.value) && update(i, overtimeOf(e.currentTarget.value, from.minute, to.minute, reason))}
                error={errors[`overtime/${i}/start`]}
                w={140}
              />
              <TimeField hideLabel label={`${m.otFrom} ${n}`} minute={from.minute} onChange={(v) => update(i, overtimeOf(from.date, v, to.minute, reason))} />
              <TimeField hideLabel label={`${m.otTo} ${n}`} minute={to.minute} error={errors[`overtime/${i}/end`]} onChange={(v) => update(i, overtimeOf(from.date, from.minute, v, reason))} />
              <TextInput size="xs" aria-label={`${m.otReason} ${n}`} placeholder={m.otReason} value={reason} onChange={(e) => update(i, { ...o, reason: e.currentTarget.value })} style={{ flex: 1 }} />
              {!readOnly && (
                <ActionIcon variant="subtle" color="red" aria-label={`${m.removeOvertime} ${n}`} onClick={() => onChange(overtime.filter((_, j) => j !== i))}>
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
          </fieldset>
        );
      })}
    </Stack>
  );
}
