// A create/edit dialog for flat master-data records, described by a list of fields. Server
// field errors (errors[].field = the member name) appear at their input.
import { Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { t } from '../../../i18n';
import { saveMaster, type MasterRoot } from '../api';
import { serverFieldErrors } from '../shared/fieldErrors';
import { useAdminMutation } from '../shared/useAdminMutation';

export interface FieldSpec {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'select' | 'bool';
  options?: readonly string[];
  required?: boolean;
  min?: number;
  max?: number;
  description?: string;
  wide?: boolean;
}

type Rec = Record<string, unknown> & { id: number; version: number };

interface Props {
  root: MasterRoot;
  fields: readonly FieldSpec[];
  initial: Rec;
  title: string;
  name: (r: Rec) => string;
  onClose: () => void;
}

export function EntityForm({ root, fields, initial, title, name, onClose }: Props) {
  const [rec, setRec] = useState<Rec>(initial);
  const [touched, setTouched] = useState(false);
  const save = useAdminMutation((r: Rec) => saveMaster(root, r as never), {
    roots: [root, 'audit'],
    ok: (r) => t.admin.saved(name(r)),
    onSuccess: onClose,
  });
  const missing = (f: FieldSpec) => f.required && f.kind === 'text' && String(rec[f.key] ?? '').trim() === '';
  const local: Record<string, string> = {};
  if (touched) for (const f of fields) if (missing(f)) local[f.key] = t.admin.required;
  const errors = { ...local, ...serverFieldErrors(save.error) };
  const set = (k: string, v: unknown) => setRec((r) => ({ ...r, [k]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!fields.some(missing)) save.mutate(rec);
  };

  const input = (f: FieldSpec, first: boolean) => {
    const common = { label: f.label, error: errors[f.key], required: f.required, description: f.description, 'data-autofocus': first || undefined };
    switch (f.kind) {
      case 'text':
        return <TextInput {...common} value={String(rec[f.key] ?? '')} onChange={(e) => set(f.key, e.currentTarget.value)} />;
      case 'number':
        return (
          <NumberInput {...common} value={Number(rec[f.key] ?? 0)} min={f.min} max={f.max} onChange={(v) => set(f.key, typeof v === 'number' ? v : 0)} />
        );
      case 'select':
        return <Select {...common} data={[...(f.options ?? [])]} value={String(rec[f.key] ?? '')} onChange={(v) => v && set(f.key, v)} allowDeselect={false} />;
      case 'bool':
        return <Checkbox label={f.label} description={f.description} checked={Boolean(rec[f.key])} onChange={(e) => set(f.key, e.currentTarget.checked)} mt="lg" />;
    }
  };

  return (
    <Modal opened onClose={onClose} title={title} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={2}>
            {fields.map((f, i) => (
              <div key={f.key} style={f.wide ? { gridColumn: '1 / -1' } : undefined}>
                {input(f, i === 0)}
              </div>
            ))}
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t.common.cancel}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {initial.id === 0 ? t.common.create : t.common.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
