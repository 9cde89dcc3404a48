// Create or edit a work center, capabilities included. Server field errors (e.g.
// "capabilities/max_thickness_mm") appear at their input.
import { Button, Divider, Group, Modal, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { t } from '../../../i18n';
import { createWorkCenter, keys, listCalendars, updateWorkCenter } from '../api';
import { serverFieldErrors } from '../shared/fieldErrors';
import { useAdminMutation } from '../shared/useAdminMutation';
import { MATERIALS, PROCESSES, WC_STATUSES, type Capabilities, type WorkCenter } from '../types';
import { statusLabel } from './format';

const m = t.admin.wc;
export const DEPARTMENTS = ['laser', 'punch', 'forming', 'welding', 'polishing', 'assembly', 'shipping'];

export const blankWorkCenter: WorkCenter = {
  id: 0,
  code: '',
  name: '',
  department: 'laser',
  status: 'available',
  efficiency: 1,
  calendar_id: null,
  cost_rate_cents_per_hour: 0,
  capabilities: { processes: [], materials: [], max_thickness_mm: 0, max_sheet_length_mm: 0, max_sheet_width_mm: 0, tonnage: 0 },
  version: 0,
};

const n = (v: string | number) => (typeof v === 'number' ? v : 0);

export function WorkCenterForm({ initial, onClose }: { initial: WorkCenter; onClose: () => void }) {
  const [w, setW] = useState<WorkCenter>(initial);
  const [touched, setTouched] = useState(false);
  const calendars = useQuery({ queryKey: keys.calendars, queryFn: listCalendars });
  const creating = initial.id === 0;
  const save = useAdminMutation(creating ? createWorkCenter : updateWorkCenter, {
    roots: ['work-centers', 'audit'],
    ok: (x) => m.saved(x.code),
    onSuccess: onClose,
  });
  const set = (patch: Partial<WorkCenter>) => setW((x) => ({ ...x, ...patch }));
  const cap = (patch: Partial<Capabilities>) => setW((x) => ({ ...x, capabilities: { ...x.capabilities, ...patch } }));
  const local: Record<string, string> = {};
  if (touched && w.code.trim() === '') local.code = t.admin.required;
  if (touched && w.name.trim() === '') local.name = t.admin.required;
  if (touched && w.capabilities.processes.length === 0) local['capabilities/processes'] = t.admin.required;
  const errors = { ...local, ...serverFieldErrors(save.error) };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (w.code.trim() && w.name.trim() && w.capabilities.processes.length > 0) save.mutate(w);
  };

  return (
    <Modal opened onClose={onClose} title={creating ? m.createTitle : m.editTitle(initial.code)} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={2}>
            <TextInput label={m.code} value={w.code} onChange={(e) => set({ code: e.currentTarget.value })} error={errors.code} required data-autofocus />
            <Select label={m.department} data={DEPARTMENTS} value={w.department} onChange={(v) => v && set({ department: v })} error={errors.department} allowDeselect={false} />
          </SimpleGrid>
          <TextInput label={m.name} value={w.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.name} required />
          <SimpleGrid cols={2}>
            <Select
              label={m.status}
              data={WC_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
              value={w.status}
              onChange={(v) => v && set({ status: v as WorkCenter['status'] })}
              error={errors.status}
              allowDeselect={false}
            />
            <Select
              label={m.calendar}
              placeholder={m.noCalendar}
              data={(calendars.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
              value={w.calendar_id === null ? null : String(w.calendar_id)}
              onChange={(v) => set({ calendar_id: v === null ? null : Number(v) })}
              error={errors.calendar_id}
              clearable
            />
            <NumberInput label={m.efficiency} value={w.efficiency} onChange={(v) => set({ efficiency: n(v) })} min={0} max={2} step={0.05} decimalScale={2} error={errors.efficiency} />
            <NumberInput
              label={m.costRate}
              value={w.cost_rate_cents_per_hour / 100}
              onChange={(v) => set({ cost_rate_cents_per_hour: Math.round(n(v) * 100) })}
              min={0}
              decimalScale={2}
              fixedDecimalScale
              error={errors.cost_rate_cents_per_hour}
            />
          </SimpleGrid>
          <Divider label={m.capabilities} labelPosition="left" />
          <MultiSelect label={m.processes} data={[...PROCESSES]} value={w.capabilities.processes} onChange={(v) => cap({ processes: v })} error={errors['capabilities/processes']} required searchable />
          <MultiSelect label={m.materials} data={[...MATERIALS]} value={w.capabilities.materials} onChange={(v) => cap({ materials: v })} error={errors['capabilities/materials']} />
          <SimpleGrid cols={4}>
            <NumberInput label={m.maxThickness} value={w.capabilities.max_thickness_mm} onChange={(v) => cap({ max_thickness_mm: n(v) })} min={0} max={50} error={errors['capabilities/max_thickness_mm']} />
            <NumberInput label={m.maxLength} value={w.capabilities.max_sheet_length_mm} onChange={(v) => cap({ max_sheet_length_mm: n(v) })} min={0} error={errors['capabilities/max_sheet_length_mm']} />
            <NumberInput label={m.maxWidth} value={w.capabilities.max_sheet_width_mm} onChange={(v) => cap({ max_sheet_width_mm: n(v) })} min={0} error={errors['capabilities/max_sheet_width_mm']} />
            <NumberInput label={m.tonnage} value={w.capabilities.tonnage} onChange={(v) => cap({ tonnage: n(v) })} min={0} error={errors['capabilities/tonnage']} />
          </SimpleGrid>
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
