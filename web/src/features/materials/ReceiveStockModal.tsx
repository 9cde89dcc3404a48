// Receive sheets onto a heat lot (existing, or new with supplier and mill cert). Server field
// errors appear under their fields.
import { Button, Group, Modal, NumberInput, Radio, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { notifyError, notifyOk } from '../../components/notify';
import { t } from '../../i18n';
import { useHeatLots } from './api';
import { materialName } from './SheetsTable';
import { MATERIALS, type ReceiveResult } from './types';

const materialOptions = MATERIALS.map((m) => ({ value: m, label: materialName(m) }));

interface Values {
  material: string | null;
  thickness_mm: number | string;
  length_mm: number | string;
  width_mm: number | string;
  quantity: number | string;
  location: string;
  lotMode: 'existing' | 'new';
  existing: string | null;
  heat_number: string;
  supplier: string;
  mill_cert_ref: string;
}

const blank: Values = {
  material: null,
  thickness_mm: '',
  length_mm: 3000,
  width_mm: 1500,
  quantity: 1,
  location: '',
  lotMode: 'new',
  existing: null,
  heat_number: '',
  supplier: '',
  mill_cert_ref: '',
};

export function ReceiveStockModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal classNames={{ content: 'kerf-aa-contrast' }} opened={opened} onClose={onClose} title={t.materials.receiveTitle} size="lg" centered>
      {opened && <ReceiveForm onClose={onClose} />}
    </Modal>
  );
}

function ReceiveForm({ onClose }: { onClose: () => void }) {
  const client = useQueryClient();
  const lots = useHeatLots();
  const [v, setV] = useState<Values>(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof Values>(k: K, x: Values[K]) => setV((s) => ({ ...s, [k]: x }));
  const lotOptions = useMemo(
    () =>
      (lots.data ?? [])
        .filter((l) => !v.material || l.material === v.material)
        .map((l) => ({ value: l.number, label: `${l.number} · ${l.supplier}` })),
    [lots.data, v.material],
  );

  const save = useMutation({
    mutationFn: async () => {
      const existing = v.lotMode === 'existing';
      const body = {
        material: v.material ?? '',
        thickness_mm: Number(v.thickness_mm),
        length_mm: Number(v.length_mm),
        width_mm: Number(v.width_mm),
        quantity: Number(v.quantity),
        location: v.location.trim(),
        heat_number: (existing ? (v.existing ?? '') : v.heat_number).trim(),
        ...(!existing && v.supplier.trim() ? { supplier: v.supplier.trim() } : {}),
        ...(!existing && v.mill_cert_ref.trim() ? { mill_cert_ref: v.mill_cert_ref.trim() } : {}),
      };
      return (await unwrap(
        api.POST('/api/v1/materials/receive', { body: body as unknown as Record<string, never> }),
      )) as unknown as ReceiveResult;
    },
    onMutate: () => setErrors({}),
    onSuccess: (r) => {
      notifyOk(t.materials.received(r.sheet.quantity, r.heat_lot.number, r.heat_lot_created));
      void client.invalidateQueries({ queryKey: ['materials'] });
      void client.invalidateQueries({ queryKey: ['trace'] });
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.problem.errors?.length) {
        setErrors(Object.fromEntries(err.problem.errors.map((e) => [e.field, e.message])));
        return;
      }
      notifyError(err);
    },
  });
  const num = (k: 'thickness_mm' | 'length_mm' | 'width_mm' | 'quantity', label: string, extra = {}) => (
    <NumberInput label={label} value={v[k]} onChange={(x) => set(k, x)} error={errors[k]} required min={0} {...extra} />
  );

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t.materials.material}
            data={materialOptions}
            value={v.material}
            onChange={(x) => set('material', x)}
            error={errors.material}
            searchable
            required
            data-autofocus
          />
          {num('thickness_mm', t.materials.thickness, { decimalScale: 2, step: 0.1 })}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="sm">
          {num('length_mm', t.materials.length)}
          {num('width_mm', t.materials.width)}
          {num('quantity', t.materials.quantity, { min: 1 })}
          <TextInput
            label={t.materials.location}
            value={v.location}
            onChange={(e) => set('location', e.currentTarget.value)}
            error={errors.location}
            required
          />
        </SimpleGrid>
        <Radio.Group
          label={t.materials.heatLotMode}
          value={v.lotMode}
          onChange={(x) => set('lotMode', x as Values['lotMode'])}
        >
          <Group gap="lg" mt={4}>
            <Radio value="new" label={t.materials.newLot} />
            <Radio value="existing" label={t.materials.existingLot} />
          </Group>
        </Radio.Group>
        {v.lotMode === 'existing' ? (
          <Select
            label={t.materials.chooseLot}
            data={lotOptions}
            value={v.existing}
            onChange={(x) => set('existing', x)}
            searchable
            required
            error={errors.heat_number}
          />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label={t.materials.heatNumber}
              value={v.heat_number}
              onChange={(e) => set('heat_number', e.currentTarget.value)}
              error={errors.heat_number}
              required
            />
            <TextInput label={t.materials.supplier} value={v.supplier} onChange={(e) => set('supplier', e.currentTarget.value)} error={errors.supplier} />
            <TextInput
              label={t.materials.millCert}
              value={v.mill_cert_ref}
              onChange={(e) => set('mill_cert_ref', e.currentTarget.value)}
              error={errors.mill_cert_ref}
            />
          </SimpleGrid>
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t.common.cancel}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t.materials.receive}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
