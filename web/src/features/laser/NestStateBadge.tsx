// A nest's state as a badge with its word (never colour alone), never cut short in a tight
// table column.
import { Badge } from '@mantine/core';
import { t } from '../../i18n';

const stateColor: Record<string, string> = { posted: 'gray', started: 'green', stopped: 'orange', cut: 'blue' };

export function NestStateBadge({ state }: { state: string }) {
  return (
    <Badge
      color={stateColor[state] ?? 'gray'}
      variant="light"
      c="dark.8"
      miw="max-content"
      data-state={state}
    >
      {t.laser.stateNames[state] ?? state}
    </Badge>
  );
}
