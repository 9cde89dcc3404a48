// A quantity with big − / + buttons and a number field between them.
import { ActionIcon, Group, NumberInput } from '@mantine/core';
import { IconMinus, IconPlus } from '@tabler/icons-react';
import { t } from '../../i18n';

interface Props {
  label: string;
  value: number;
  max: number;
  onChange: (v: number) => void;
}

export function QtyStepper({ label, value, max, onChange }: Props) {
  const set = (v: number) => onChange(Math.max(0, Math.min(max, Math.round(v))));
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <ActionIcon size={60} variant="default" aria-label={t.terminal.less(label)} onClick={() => set(value - 1)} disabled={value <= 0}>
        <IconMinus size={28} />
      </ActionIcon>
      <NumberInput
        label={label}
        size="xl"
        value={value}
        min={0}
        max={max}
        hideControls
        allowDecimal={false}
        allowNegative={false}
        onChange={(v) => set(typeof v === 'number' ? v : Number(v) || 0)}
        style={{ flex: 1 }}
        styles={{ input: { textAlign: 'center', fontWeight: 700 } }}
      />
      <ActionIcon size={60} variant="default" aria-label={t.terminal.more(label)} onClick={() => set(value + 1)} disabled={value >= max}>
        <IconPlus size={28} />
      </ActionIcon>
    </Group>
  );
}
