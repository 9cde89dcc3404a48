// The audit log's filter toolbar: entity, entity id, user, action, from/to (plant dates).
import { Autocomplete, Button, Group, TextInput } from '@mantine/core';
import { IconFilterOff, IconRefresh } from '@tabler/icons-react';
import { t } from '../../../i18n';
import type { AuditFilters as Filters } from '../api';

const m = t.admin.audit;
export const ENTITY_SUGGESTIONS = ['calendar', 'customer', 'job', 'operation', 'part', 'schedule_run', 'schedule_slot', 'sheet', 'tool', 'user', 'work_center'];
export const emptyFilters: Filters = { entity: '', entity_id: '', actor: '', action: '', from: '', to: '' };

interface Props {
  value: Filters;
  onChange: (f: Filters) => void;
  actions: string[];
  actors: string[];
  onRefresh: () => void;
}

export function AuditFilters({ value, onChange, actions, actors, onRefresh }: Props) {
  const set = (k: keyof Filters, v: string) => onChange({ ...value, [k]: v });
  const any = Object.values(value).some((v) => v !== '');
  return (
    <Group gap="xs" align="flex-end" mb="sm" role="search" aria-label={t.admin.tabs.audit}>
      <Autocomplete label={m.entity} size="xs" data={ENTITY_SUGGESTIONS} value={value.entity} onChange={(v) => set('entity', v)} w={150} />
      <TextInput label={m.entityId} size="xs" inputMode="numeric" value={value.entity_id} onChange={(e) => set('entity_id', e.currentTarget.value.replace(/\D/g, ''))} w={90} />
      <Autocomplete label={m.actor} size="xs" data={actors} value={value.actor} onChange={(v) => set('actor', v)} w={140} />
      <Autocomplete label={m.action} size="xs" data={actions} value={value.action} onChange={(v) => set('action', v)} w={140} />
      <TextInput label={m.from} size="xs" type="date" value={value.from} onChange={(e) => set('from', e.currentTarget.value)} w={140} />
      <TextInput label={m.to} size="xs" type="date" value={value.to} onChange={(e) => set('to', e.currentTarget.value)} w={140} />
      <Button size="xs" variant="subtle" leftSection={<IconFilterOff size={14} />} disabled={!any} onClick={() => onChange(emptyFilters)}>
        {m.clear}
      </Button>
      <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={onRefresh}>
        {m.refresh}
      </Button>
    </Group>
  );
}
