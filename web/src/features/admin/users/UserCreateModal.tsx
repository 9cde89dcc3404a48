// Create a user: username, display name, initial password, roles.
import { Button, Group, Modal, MultiSelect, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { t } from '../../../i18n';
import { createUser } from '../api';
import { serverFieldErrors } from '../shared/fieldErrors';
import { useAdminMutation } from '../shared/useAdminMutation';
import { ROLES } from '../types';
import { userFormErrors, type UserForm } from './validate';

const m = t.admin.users;
const empty: UserForm = { username: '', display_name: '', password: '', roles: [] };

export function UserCreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [form, setForm] = useState<UserForm>(empty);
  const [touched, setTouched] = useState(false);
  const close = () => {
    setForm(empty);
    setTouched(false);
    onClose();
  };
  const create = useAdminMutation(createUser, {
    roots: ['users'],
    ok: (u) => m.created(u.username),
    onSuccess: close,
  });
  const errors = { ...(touched ? userFormErrors(form) : {}), ...serverFieldErrors(create.error) };
  const set = <K extends keyof UserForm>(k: K, v: UserForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    if (create.error) create.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(userFormErrors(form)).length === 0) create.mutate(form);
  };

  return (
    <Modal opened={opened} onClose={close} title={m.createTitle} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={m.username}
            value={form.username}
            onChange={(e) => set('username', e.currentTarget.value)}
            error={errors.username}
            autoComplete="off"
            required
            data-autofocus
          />
          <TextInput
            label={m.displayName}
            value={form.display_name}
            onChange={(e) => set('display_name', e.currentTarget.value)}
            error={errors.display_name}
            required
          />
          <PasswordInput
            label={m.password}
            value={form.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={errors.password}
            autoComplete="new-password"
            required
          />
          <MultiSelect
            searchable
            label={m.roles}
            data={[...ROLES]}
            value={form.roles}
            onChange={(v) => set('roles', v)}
            error={errors.roles}
            required
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t.common.cancel}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t.common.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
