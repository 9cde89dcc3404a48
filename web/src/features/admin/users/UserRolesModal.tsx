// Replace a user's roles (PUT /users/{id}/roles with the version read).
import { Button, Group, Modal, MultiSelect, Stack } from '@mantine/core';
import { useState } from 'react';
import { t } from '../../../i18n';
import { setUserRoles } from '../api';
import { useAdminMutation } from '../shared/useAdminMutation';
import { ROLES, type User } from '../types';

const m = t.admin.users;

export function UserRolesModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [roles, setRoles] = useState<string[]>(user.roles);
  const save = useAdminMutation((r: string[]) => setUserRoles(user, r), {
    roots: ['users'],
    ok: () => m.rolesSaved,
    onSuccess: onClose,
  });
  const error = roles.length === 0 ? m.rolesRequired : undefined;
  return (
    <Modal opened onClose={onClose} title={m.editRolesTitle(user.username)} centered>
      <Stack gap="sm">
        <MultiSelect
            searchable label={m.roles} data={[...ROLES]} value={roles} onChange={setRoles} error={error} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t.common.cancel}
          </Button>
          <Button disabled={Boolean(error)} loading={save.isPending} onClick={() => save.mutate(roles)}>
            {t.common.save}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
