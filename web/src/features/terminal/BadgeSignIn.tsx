// Station sign-in: scan a badge (a keyboard-wedge scanner types it and presses Enter), then the
// PIN on the keypad. Wrong badge/PIN and throttling are said plainly.
import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/problem';
import { t } from '../../i18n';
import { PinPad } from './PinPad';
import { BadgeError, badgeSignIn } from './terminalApi';
import { tc } from './colors';

export function BadgeSignIn() {
  const k = t.terminal;
  const client = useQueryClient();
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const [waitS, setWaitS] = useState(0);
  const badgeRef = useRef<HTMLInputElement>(null);
  const signIn = useMutation({
    mutationFn: () => badgeSignIn(badge.trim(), pin),
    onSuccess: async () => {
      setPin('');
      await client.invalidateQueries({ queryKey: ['me'] });
    },
    onError: (e) => {
      setPin('');
      if (e instanceof BadgeError && e.status === 429 && e.retryAfterS) setWaitS(e.retryAfterS);
    },
  });
  useEffect(() => {
    if (waitS <= 0) return;
    const id = setTimeout(() => setWaitS((s) => s - 1), 1000);
    return () => clearTimeout(id);
  }, [waitS]);
  // Digits typed anywhere but the badge field go to the PIN (keyboard or numeric pad).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target === badgeRef.current) return;
      if (/^\d$/.test(e.key)) setPin((p) => (p.length < 8 ? p + e.key : p));
      else if (e.key === 'Backspace') setPin((p) => p.slice(0, -1));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (badge.trim() && pin.length >= 4 && waitS <= 0) signIn.mutate();
  };
  const err = signIn.error;
  const message =
    err instanceof BadgeError
      ? err.status === 429
        ? k.throttled(waitS > 0 ? waitS : (err.retryAfterS ?? 30))
        : k.wrongPin
      : err
        ? errorMessage(err)
        : null;

  return (
    <Paper component="main" className="kerf-term-panel" p="lg" radius="md" maw={440} mx="auto" mt="md">
      <form onSubmit={submit} aria-label={k.signInTitle}>
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              {k.signInTitle}
            </Title>
            <Text c="gray.4">{k.signInHint}</Text>
          </div>
          {message && (
            <Alert color={tc.stop} variant="filled" role="alert" className="kerf-term-alert">
              {message}
            </Alert>
          )}
          <TextInput
            ref={badgeRef}
            label={k.badge}
            placeholder={k.badgePlaceholder}
            size="xl"
            value={badge}
            autoFocus
            autoComplete="off"
            onChange={(e) => setBadge(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                badgeRef.current?.blur();
              }
            }}
          />
          <div>
            <Text fw={600} size="lg" id="pin-label">
              {k.pin}
            </Text>
            <Group
              gap="sm"
              justify="center"
              my="xs"
              aria-live="polite"
              aria-label={k.pinDigits(pin.length)}
              role="status"
              data-testid="pin-dots"
            >
              {Array.from({ length: Math.max(4, pin.length) }, (_, i) => (
                <span key={i} className={i < pin.length ? 'kerf-pin-dot is-set' : 'kerf-pin-dot'} />
              ))}
            </Group>
            <PinPad value={pin} onChange={setPin} disabled={signIn.isPending} />
          </div>
          <Button
            type="submit"
            size="xl"
            h={64}
            color={tc.go}
            loading={signIn.isPending}
            disabled={!badge.trim() || pin.length < 4 || waitS > 0}
          >
            {k.signIn}
          </Button>
          <Anchor href="/login?redirect=%2Fterminal" c="gray.4" ta="center">
            {k.deskLogin}
          </Anchor>
        </Stack>
      </form>
    </Paper>
  );
}
