// A nest's state as a badge with its word (never colour alone).
import { Badge } from '@mantine/core';
import { t } from '../../i18n';

const stateColor: Record<string, string> = { posted: 'gray', started: 'green', stopped: 'orange', cut: 'blue' };

export function NestStateBadge({ state }: { state: string }) {
  return (
    <Badge
      color={stateColor[state] ?? 'gray'}
      variant="light"
      c="dark.8"
      data-state={state}
    >
      {t.laser.stateNames[state] ?? state}
    </Badge>
  );
}
