// Create or edit a machine (code, name, work center, protocol, endpoint, ideal cycle, ingested).
// Server field errors appear at their input.
import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { t } from '../../../i18n';
import { createMachine, updateMachine } from '../../machines/api';
import type { MachineFields } from '../../machines/types';
import { keys, listWorkCenters } from '../api';
import { serverFieldErrors } from '../shared/fieldErrors';
import { useAdminMutation } from '../shared/useAdminMutation';

const m = t.machines.admin;
export const PROTOCOLS = ['mqtt', 'sparkplug', 'mtconnect', 'opcua', 'scan'] as const;

export const blankMachine: MachineFields = {
  id: 0,
  version: 0,
  code: '',
  name: '',
  work_center_id: null,
  protocol: 'mqtt',
  endpoint: '',
  ideal_cycle_s: 0,
  active: true,
};

export function MachineForm({ initial, onClose }: { initial: MachineFields; onClose: () => void }) {
  const [x, setX] = useState<MachineFields>(initial);
  const [touched, setTouched] = useState(false);
  const wcs = useQuery({ queryKey: keys.workCenters, queryFn: listWorkCenters });
  const creating = initial.id === 0;
  const save = useAdminMutation(creating ? createMachine : updateMachine, {
    roots: ['machines', 'audit'],
    ok: (v) => m.saved(v.code),
    onSuccess: onClose,
  });
  const set = (patch: Partial<MachineFields>) => setX((v) => ({ ...v, ...patch }));
  const local: Record<string, string> = {};
  if (touched && x.code.trim() === '') local.code = t.admin.required;
  if (touched && x.name.trim() === '') local.name = t.admin.required;
  const errors = { ...local, ...serverFieldErrors(save.error) };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (x.code.trim() && x.name.trim()) save.mutate({ ...x, code: x.code.trim(), name: x.name.trim() });
  };

  return (
    <Modal opened onClose={onClose} title={creating ? m.createTitle : m.editTitle(initial.code)} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={2}>
            <TextInput label={m.code} value={x.code} onChange={(e) => set({ code: e.currentTarget.value })} error={errors.code} required data-autofocus />
            <Select
              label={m.workCenter}
              placeholder={m.noWorkCenter}
              data={(wcs.data ?? []).map((w) => ({ value: String(w.id), label: `${w.code} · ${w.name}` }))}
              value={x.work_center_id === null ? null : String(x.work_center_id)}
              onChange={(v) => set({ work_center_id: v === null ? null : Number(v) })}
              error={errors.work_center_id}
              searchable
              clearable
            />
          </SimpleGrid>
          <TextInput label={m.name} value={x.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.name} required />
          <SimpleGrid cols={2}>
            <Select
              label={m.protocol}
              data={PROTOCOLS.map((p) => ({ value: p, label: m.protocols[p] ?? p }))}
              value={x.protocol}
              onChange={(v) => v && set({ protocol: v as MachineFields['protocol'] })}
              error={errors.protocol}
              allowDeselect={false}
            />
            <NumberInput
              label={m.idealCycle}
              value={x.ideal_cycle_s}
              onChange={(v) => set({ ideal_cycle_s: typeof v === 'number' ? v : 0 })}
              min={0}
              decimalScale={2}
              error={errors.ideal_cycle_s}
            />
          </SimpleGrid>
          <TextInput
            label={m.endpoint}
            description={m.endpointHint}
            value={x.endpoint}
            onChange={(e) => set({ endpoint: e.currentTarget.value })}
            error={errors.endpoint}
          />
          <Switch label={m.active} checked={x.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t.common.cancel}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {creating ? t.common.create : t.common.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
