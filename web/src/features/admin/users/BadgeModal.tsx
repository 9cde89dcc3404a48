// Set (or replace) and remove a user's station badge + PIN. The PIN is typed twice, masked,
// and never shown again; the server stores only hashes of both.
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { t } from '../../../i18n';
import { clearUserBadge, setUserBadge } from '../api';
import { serverFieldErrors } from '../shared/fieldErrors';
import { useAdminMutation } from '../shared/useAdminMutation';
import type { User } from '../types';
import { badgeFormErrors, type BadgeForm } from './validate';

const m = t.admin.users;

export function BadgeModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [form, setForm] = useState<BadgeForm>({ badge: '', pin: '', pin2: '' });
  const [touched, setTouched] = useState(false);
  const save = useAdminMutation((f: BadgeForm) => setUserBadge(user, f.badge.trim(), f.pin), {
    roots: ['users', 'audit'],
    ok: () => m.badgeSaved,
    onSuccess: onClose,
  });
  const clear = useAdminMutation(() => clearUserBadge(user), {
    roots: ['users', 'audit'],
    ok: () => m.badgeCleared,
    onSuccess: onClose,
  });
  const errors = { ...(touched ? badgeFormErrors(form) : {}), ...serverFieldErrors(save.error) };
  const set = (k: keyof BadgeForm, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    if (save.error) save.reset();
  };
  const digits = (v: string) => v.replace(/\D/g, '').slice(0, 8);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(badgeFormErrors(form)).length === 0) save.mutate(form);
  };

  return (
    <Modal opened onClose={onClose} title={m.badgeTitle(user.username)} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {m.badgeHelp}
          </Text>
          <TextInput
            label={m.badgeNumber}
            value={form.badge}
            onChange={(e) => set('badge', e.currentTarget.value)}
            error={errors.badge}
            autoComplete="off"
            required
            data-autofocus
          />
          <Group grow align="flex-start">
            <PasswordInput
              label={m.pin}
              value={form.pin}
              onChange={(e) => set('pin', digits(e.currentTarget.value))}
              error={errors.pin}
              inputMode="numeric"
              autoComplete="new-password"
              required
            />
            <PasswordInput
              label={m.pinConfirm}
              value={form.pin2}
              onChange={(e) => set('pin2', digits(e.currentTarget.value))}
              error={errors.pin2}
              inputMode="numeric"
              autoComplete="new-password"
              required
            />
          </Group>
          {clear.isError && (
            <Alert color="red" role="alert">
              {clear.error.message}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="subtle" color="red" loading={clear.isPending} onClick={() => clear.mutate(undefined)}>
              {m.badgeClear}
            </Button>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t.common.cancel}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {m.badgeSave}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
