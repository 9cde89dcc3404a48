// A large numeric keypad for PIN entry with gloves; also accepts the keyboard's digits.
import { Button, SimpleGrid } from '@mantine/core';
import { IconBackspace } from '@tabler/icons-react';
import { t } from '../../i18n';

interface Props {
  value: string;
  onChange: (v: string) => void;
  maxLength?: number;
  disabled?: boolean;
}

const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function PinPad({ value, onChange, maxLength = 8, disabled }: Props) {
  const press = (d: string) => {
    if (value.length < maxLength) onChange(value + d);
  };
  const k = t.terminal;
  return (
    <SimpleGrid cols={3} spacing="xs" role="group" aria-label={k.pin}>
      {keys.map((d) => (
        <Button key={d} size="xl" h={64} variant="default" className="kerf-key" onClick={() => press(d)} disabled={disabled}>
          {d}
        </Button>
      ))}
      <Button size="lg" h={64} px={4} variant="subtle" color="gray" onClick={() => onChange('')} disabled={disabled}>
        {k.clear}
      </Button>
      <Button size="xl" h={64} variant="default" className="kerf-key" onClick={() => press('0')} disabled={disabled}>
        0
      </Button>
      <Button
        size="xl"
        h={64}
        variant="subtle"
        color="gray"
        onClick={() => onChange(value.slice(0, -1))}
        disabled={disabled}
        aria-label={k.backspace}
        className="kerf-key"
      >
        <IconBackspace size={28} />
      </Button>
    </SimpleGrid>
  );
}
