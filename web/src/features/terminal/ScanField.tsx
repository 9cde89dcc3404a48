// The always-ready scan field: a keyboard-wedge scanner types the code and presses Enter; a
// person can type it too. The camera button opens camera scanning.
import { ActionIcon, Button, Group, TextInput } from '@mantine/core';
import { IconArrowRight, IconCamera } from '@tabler/icons-react';
import { forwardRef, useState, type FormEvent } from 'react';
import { t } from '../../i18n';
import { CameraScan } from './CameraScan';

interface Props {
  onScan: (code: string) => void;
  busy?: boolean;
}

export const ScanField = forwardRef<HTMLInputElement, Props>(function ScanField({ onScan, busy }, ref) {
  const [value, setValue] = useState('');
  const [camera, setCamera] = useState(false);
  const k = t.terminal;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = value.trim();
    if (code) onScan(code);
    setValue('');
  };
  return (
    <form onSubmit={submit} className="kerf-term-scan">
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          ref={ref}
          label={k.scanLabel}
          placeholder={k.scanPlaceholder}
          size="xl"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          autoFocus
          style={{ flex: 1 }}
          data-testid="scan-field"
        />
        <ActionIcon type="submit" size={60} variant="filled" color="indigo.8" aria-label={k.scanGo} loading={busy}>
          <IconArrowRight size={30} />
        </ActionIcon>
      </Group>
      <Button
        mt="xs"
        fullWidth
        size="lg"
        variant="light"
        leftSection={<IconCamera size={24} />}
        onClick={() => setCamera(true)}
      >
        {k.scanCamera}
      </Button>
      <CameraScan
        opened={camera}
        onClose={() => setCamera(false)}
        onResult={(text) => {
          setCamera(false);
          onScan(text);
        }}
      />
    </form>
  );
});
