// Pausing asks why (reason codes the server records with the pause).
import { Button, Modal, SimpleGrid } from '@mantine/core';
import { t } from '../../i18n';

export const pauseReasons = ['MATERIAL', 'SETUP', 'BREAKDOWN', 'BREAK', 'QUALITY', 'OTHER'] as const;

interface Props {
  opened: boolean;
  onClose: () => void;
  onPick: (reason: string) => void;
}

export function PauseModal({ opened, onClose, onPick }: Props) {
  const k = t.terminal;
  return (
    <Modal opened={opened} onClose={onClose} title={k.pauseTitle} size="md" centered>
      <SimpleGrid cols={2} spacing="sm">
        {pauseReasons.map((r) => (
          <Button key={r} size="xl" h={72} variant="light" color="orange" onClick={() => onPick(r)}>
            {k.pauseReasons[r]}
          </Button>
        ))}
      </SimpleGrid>
    </Modal>
  );
}
