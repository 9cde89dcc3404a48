// Signs a shared station out after `timeoutS` without a touch, key press or scan; shows a
// countdown for the last 30 s. Activity also refreshes /auth/me now and then so the server's
// sliding station session stays in step with the screen.
import { Alert } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { t } from '../../i18n';

const warnS = 30;

interface Props {
  timeoutS: number;
  onExpire: () => void;
  onActivity: () => void;
}

export function IdleGuard({ timeoutS, onExpire, onActivity }: Props) {
  const last = useRef(Date.now());
  const lastPing = useRef(Date.now());
  const [left, setLeft] = useState(timeoutS);
  const expire = useRef(onExpire);
  const activity = useRef(onActivity);
  expire.current = onExpire;
  activity.current = onActivity;

  useEffect(() => {
    last.current = Date.now();
    const touch = () => {
      last.current = Date.now();
      if (Date.now() - lastPing.current > (timeoutS * 1000) / 3) {
        lastPing.current = Date.now();
        activity.current();
      }
    };
    const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    let fired = false;
    const id = setInterval(() => {
      const remaining = Math.ceil(timeoutS - (Date.now() - last.current) / 1000);
      setLeft(remaining);
      if (remaining <= 0 && !fired) {
        fired = true;
        expire.current();
      }
    }, 1000);
    return () => {
      clearInterval(id);
      events.forEach((e) => window.removeEventListener(e, touch));
    };
  }, [timeoutS]);

  if (left > warnS || left <= 0) return null;
  return (
    <Alert color="yellow.4" variant="filled" role="alert" className="kerf-term-idle" styles={{ message: { color: "#111" } }} data-testid="idle-warning">
      {t.terminal.idleWarning(left)}
    </Alert>
  );
}
