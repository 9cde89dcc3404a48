// Camera scanning in a modal (@zxing/browser, loaded on demand). The camera permission is only
// asked for when the modal opens, i.e. after the user tapped "Scan with camera".
import { Alert, Modal, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { t } from '../../i18n';

interface Props {
  opened: boolean;
  onClose: () => void;
  onResult: (text: string) => void;
}

type CamState = 'starting' | 'scanning' | 'denied' | 'none';

export function CameraScan({ opened, onClose, onResult }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CamState>('starting');
  const done = useRef(onResult);
  done.current = onResult;

  useEffect(() => {
    if (!opened) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    setState('starting');
    void (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setState('none');
        return;
      }
      try {
        const { BrowserMultiFormatReader } = await import('@zxing/browser');
        const reader = new BrowserMultiFormatReader();
        const el = video.current;
        if (cancelled || !el) return;
        const controls = await reader.decodeFromVideoDevice(undefined, el, (result, _err, c) => {
          if (result) {
            c.stop();
            done.current(result.getText());
          }
        });
        if (cancelled) controls.stop();
        else {
          stop = () => controls.stop();
          setState('scanning');
        }
      } catch (e) {
        if (cancelled) return;
        const name = e instanceof Error ? e.name : '';
        setState(name === 'NotFoundError' || name === 'OverconstrainedError' ? 'none' : 'denied');
      }
    })();
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [opened]);

  const k = t.terminal;
  return (
    <Modal opened={opened} onClose={onClose} title={k.cameraTitle} size="lg" centered>
      {state === 'denied' && (
        <Alert color="orange" role="alert">
          {k.cameraDenied}
        </Alert>
      )}
      {state === 'none' && (
        <Alert color="orange" role="alert">
          {k.cameraNone}
        </Alert>
      )}
      {state === 'starting' && <Text c="dimmed">{k.cameraStarting}</Text>}
      <video
        ref={video}
        muted
        playsInline
        style={{ width: '100%', display: state === 'denied' || state === 'none' ? 'none' : 'block', borderRadius: 8 }}
      />
    </Modal>
  );
}
