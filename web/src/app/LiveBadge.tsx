// Shows whether live updates are flowing (the events WebSocket).
import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';
import { onConnectionState, type ConnectionState } from '../api/events';
import { t } from '../i18n';

export function LiveBadge() {
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => onConnectionState(setState), []);
  const color = state === 'open' ? 'teal' : state === 'connecting' ? 'yellow' : 'red';
  const label =
    state === 'open' ? t.common.live : state === 'connecting' ? t.common.reconnecting : t.common.offline;
  return (
    <Badge color={color} variant="dot" aria-live="polite" data-testid="live-state" data-state={state}>
      {label}
    </Badge>
  );
}
