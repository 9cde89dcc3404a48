// The signed-in station: work center, scan field, queue and the open operation.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Me } from '../../auth/session';
import { t } from '../../i18n';
import { allWorkCentersQuery } from '../departments/lookups';
import type { WorkCenter } from '../departments/types';
import type { Feedback } from './feedback';
import { IdleGuard } from './IdleGuard';
import { OperationPanel } from './OperationPanel';
import { QueueList } from './QueueList';
import { ScanField } from './ScanField';
import { useScan } from './useScan';
import { WorkCenterPicker } from './WorkCenterPicker';
import { tc } from './colors';

const wcKey = 'kerf.terminal.workCenterId';

interface Props {
  me: Me;
  onSignOut: () => void;
}

function Workspace({ wc, onFeedback }: { wc: WorkCenter; onFeedback: (f: Feedback | null) => void }) {
  const [opId, setOpId] = useState<number | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const tablet = useMediaQuery('(min-width: 900px)');
  const feedback = useCallback(
    (f: Feedback | null) => {
      onFeedback(f);
      if (f?.kind === 'ok') scanRef.current?.focus();
    },
    [onFeedback],
  );
  const { busy, choices, scan, clearChoices } = useScan(wc, setOpId, feedback);
  const k = t.terminal;
  const panel = opId !== null && <OperationPanel key={opId} opId={opId} onClose={() => setOpId(null)} onFeedback={feedback} />;
  return (
    <div className={tablet ? 'kerf-term-grid' : undefined}>
      <Stack gap="md">
        <ScanField ref={scanRef} onScan={(c) => void scan(c)} busy={busy} />
        {(tablet || opId === null) && <QueueList wcId={wc.id} onOpen={setOpId} />}
      </Stack>
      {tablet ? <div>{panel}</div> : panel}
      <Modal opened={choices !== null} onClose={clearChoices} title={k.pickOperation} centered>
        <Stack gap="xs">
          {(choices ?? []).map((o) => (
            <Button
              key={o.id}
              size="xl"
              variant="default"
              justify="flex-start"
              onClick={() => {
                clearChoices();
                setOpId(o.id);
              }}
            >
              {o.sequence} · {o.name} ({k.status[o.status] ?? o.status})
            </Button>
          ))}
        </Stack>
      </Modal>
    </div>
  );
}

export function Station({ me, onSignOut }: Props) {
  const k = t.terminal;
  const client = useQueryClient();
  const wcs = useQuery(allWorkCentersQuery);
  const [wcId, setWcId] = useState<number | null>(() => {
    const v = Number(localStorage.getItem(wcKey));
    return Number.isInteger(v) && v > 0 ? v : null;
  });
  const [picking, setPicking] = useState(false);
  const [fb, setFb] = useState<Feedback | null>(null);
  useEffect(() => {
    if (fb?.kind !== 'ok') return;
    const id = setTimeout(() => setFb(null), 6000);
    return () => clearTimeout(id);
  }, [fb]);
  const wc = wcs.data?.items.find((w) => w.id === wcId);
  const pick = (w: WorkCenter) => {
    localStorage.setItem(wcKey, String(w.id));
    setWcId(w.id);
    setPicking(false);
  };
  return (
    <div className="kerf-term-station">
      <header className="kerf-term-bar">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Text fw={900} size="xl" c="yellow.5" aria-hidden visibleFrom="xs">
              kerf
            </Text>
            {wc && (
              <Button variant="outline" color="gray.3" size="md" onClick={() => setPicking(true)} aria-label={`${k.workCenter}: ${wc.code}. ${k.change}`}>
                {wc.code}
              </Button>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="md" fw={600} truncate maw={{ base: 90, sm: 240 }} data-testid="signed-in-user">
              {me.username}
            </Text>
            <Button size="md" color={tc.stop} variant="filled" onClick={onSignOut}>
              {k.signOut}
            </Button>
          </Group>
        </Group>
      </header>
      <main className="kerf-term-main">
        <h1 className="kerf-visually-hidden">{k.title}</h1>
        <IdleGuard
          timeoutS={me.idle_timeout_s ?? 300}
          onExpire={onSignOut}
          onActivity={() => void client.invalidateQueries({ queryKey: ['me'] })}
        />
        {fb && (
          <Alert
            color={fb.kind === 'ok' ? tc.go : tc.stop}
            variant="filled"
            role={fb.kind === 'ok' ? 'status' : 'alert'}
            className="kerf-term-feedback"
            withCloseButton
            closeButtonLabel={t.common.close}
            onClose={() => setFb(null)}
            data-testid="terminal-feedback"
            data-kind={fb.kind}
          >
            {fb.message}
          </Alert>
        )}
        {wc && !picking ? (
          <Workspace key={wc.id} wc={wc} onFeedback={setFb} />
        ) : (
          <WorkCenterPicker onPick={pick} />
        )}
      </main>
    </div>
  );
}
