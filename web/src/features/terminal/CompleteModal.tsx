// Completing records good and scrap quantities; scrap needs at least one reason.
import { Alert, Button, Chip, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { t } from '../../i18n';
import { QtyStepper } from './QtyStepper';
import type { CompleteInput } from './terminalApi';
import { tc } from './colors';

export const scrapReasons = [
  'BURR',
  'DIMENSION',
  'SCRATCH',
  'BEND_ANGLE',
  'WELD_DEFECT',
  'MATERIAL_DEFECT',
  'SETUP_PIECE',
  'OTHER',
] as const;

interface Props {
  opened: boolean;
  quantity: number;
  busy: boolean;
  onClose: () => void;
  onConfirm: (input: CompleteInput) => void;
}

export function CompleteModal({ opened, quantity, busy, onClose, onConfirm }: Props) {
  const k = t.terminal;
  const [good, setGood] = useState(quantity);
  const [scrap, setScrap] = useState(0);
  const [goodTouched, setGoodTouched] = useState(false);
  const [reasons, setReasons] = useState<string[]>([]);
  useEffect(() => {
    if (opened) {
      setGood(quantity);
      setScrap(0);
      setGoodTouched(false);
      setReasons([]);
    }
  }, [opened, quantity]);
  const changeScrap = (s: number) => {
    setScrap(s);
    // Until the operator sets "good" by hand, good + scrap make up the job quantity.
    if (!goodTouched) setGood(Math.max(0, quantity - s));
  };
  const tooMany = good + scrap > quantity;
  const needReason = scrap > 0 && reasons.length === 0;
  return (
    <Modal opened={opened} onClose={onClose} title={k.completeTitle} size="lg" centered>
      <Stack gap="md">
        <QtyStepper
          label={k.good}
          value={good}
          max={quantity}
          onChange={(v) => {
            setGoodTouched(true);
            setGood(v);
          }}
        />
        <QtyStepper label={k.scrap} value={scrap} max={quantity} onChange={changeScrap} />
        {scrap > 0 && (
          <div>
            <Text fw={600} id="scrap-reasons-label" mb={6}>
              {k.scrapReasons}
            </Text>
            <Chip.Group multiple value={reasons} onChange={setReasons}>
              <Group gap="xs" role="group" aria-labelledby="scrap-reasons-label">
                {scrapReasons.map((r) => (
                  <Chip key={r} value={r} size="lg" color="red" variant="outline">
                    {k.scrapReasonList[r]}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            {needReason && (
              <Text c="red.4" size="sm" mt={6} role="status">
                {k.scrapReasonRequired}
              </Text>
            )}
          </div>
        )}
        {tooMany && (
          <Alert color="red" role="alert">
            {k.tooMany(quantity)}
          </Alert>
        )}
        <Button
          size="xl"
          h={64}
          color={tc.go}
          loading={busy}
          disabled={tooMany || needReason}
          onClick={() => onConfirm({ qty_good: good, qty_scrap: scrap, scrap_reasons: scrap > 0 ? reasons : [] })}
        >
          {k.confirmComplete(good, scrap)}
        </Button>
      </Stack>
    </Modal>
  );
}
