// Parts, punch tools and customers: the columns and form fields of each master-data list.
import { Badge, Group, Progress, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { t } from '../../../i18n';
import { MATERIALS, TOOL_KINDS, type Customer, type Part, type Tool } from '../types';
import type { FieldSpec } from './EntityForm';
import { MasterTab } from './MasterTab';
import { toolWear } from './toolWear';

const p = t.admin.parts;
const tl = t.admin.tools;
const cu = t.admin.customers;
const mm = (n: number) => (n > 0 ? String(n) : '—');

const partColumns: ColumnDef<Part>[] = [
  { id: 'number', header: p.number, accessorFn: (x) => x.number, cell: (c) => <Text size="sm" fw={600} ff="monospace" style={{ whiteSpace: "nowrap" }}>{c.row.original.number}</Text> },
  { id: 'revision', header: p.revision, accessorFn: (x) => x.revision },
  { id: 'description', header: p.description, accessorFn: (x) => x.description },
  { id: 'material', header: p.material, accessorFn: (x) => x.material },
  { id: 'thickness', header: p.thickness, accessorFn: (x) => x.thickness_mm, cell: (c) => mm(c.row.original.thickness_mm) },
  { id: 'flat', header: p.flat, enableSorting: false, cell: ({ row: { original: x } }) => (x.flat_length_mm > 0 ? `${x.flat_length_mm} × ${x.flat_width_mm}` : '—') },
  { id: 'weight', header: p.weight, accessorFn: (x) => x.weight_kg, cell: (c) => mm(c.row.original.weight_kg) },
  { id: 'assembly', header: p.assembly, accessorFn: (x) => (x.assembly ? 1 : 0), cell: (c) => (c.row.original.assembly ? <Badge size="sm" variant="light">{p.assembly}</Badge> : null) },
];
const partFields: FieldSpec[] = [
  { key: 'number', label: p.number, kind: 'text', required: true },
  { key: 'revision', label: p.revision, kind: 'text', required: true },
  { key: 'description', label: p.description, kind: 'text', required: true, wide: true },
  { key: 'material', label: p.material, kind: 'select', options: MATERIALS, required: true },
  { key: 'thickness_mm', label: p.thickness, kind: 'number', min: 0, max: 50 },
  { key: 'flat_length_mm', label: p.flatLength, kind: 'number', min: 0, max: 10000 },
  { key: 'flat_width_mm', label: p.flatWidth, kind: 'number', min: 0, max: 10000 },
  { key: 'weight_kg', label: p.weight, kind: 'number', min: 0, max: 10000 },
  { key: 'assembly', label: p.assembly, kind: 'bool' },
];
const blankPart: Part = { id: 0, number: '', revision: 'A', description: '', material: 'stainless_304', assembly: false, thickness_mm: 0, flat_length_mm: 0, flat_width_mm: 0, weight_kg: 0, version: 0 };

export function PartsTab({ canWrite }: { canWrite: boolean }) {
  return (
    <MasterTab root="parts" label={t.admin.tabs.parts} columns={partColumns} fields={partFields} blank={blankPart} createLabel={p.create} createTitle={p.createTitle} name={(x) => `${x.number} ${x.revision}`} canWrite={canWrite} />
  );
}

const wearColor = { ok: 'teal', worn: 'orange', expired: 'red' } as const;
const toolColumns: ColumnDef<Tool>[] = [
  { id: 'code', header: tl.code, accessorFn: (x) => x.code, cell: (c) => <Text size="sm" fw={600} ff="monospace" style={{ whiteSpace: "nowrap" }}>{c.row.original.code}</Text> },
  { id: 'kind', header: tl.kind, accessorFn: (x) => x.kind },
  { id: 'description', header: tl.description, accessorFn: (x) => x.description },
  { id: 'life', header: tl.life, accessorFn: (x) => x.life_hits_max, cell: (c) => c.row.original.life_hits_max.toLocaleString('en-GB') },
  {
    id: 'remaining',
    header: tl.remaining,
    accessorFn: (x) => toolWear(x).remaining,
    cell: ({ row }) => {
      const w = toolWear(row.original);
      return (
        <Group gap="xs" wrap="nowrap">
          <Progress value={w.fraction * 100} color={wearColor[w.state]} w={80} aria-hidden />
          <Text size="sm">{w.remaining.toLocaleString('en-GB')}</Text>
        </Group>
      );
    },
  },
  {
    id: 'status',
    header: tl.status,
    accessorFn: (x) => toolWear(x).fraction,
    cell: ({ row }) => {
      const w = toolWear(row.original);
      return <Badge size="sm" color={wearColor[w.state]} variant={w.state === 'ok' ? 'light' : 'filled'}>{tl[w.state]}</Badge>;
    },
  },
];
const toolFields: FieldSpec[] = [
  { key: 'code', label: tl.code, kind: 'text', required: true },
  { key: 'kind', label: tl.kind, kind: 'select', options: TOOL_KINDS, required: true },
  { key: 'description', label: tl.description, kind: 'text', wide: true },
  { key: 'life_hits_max', label: tl.life, kind: 'number', min: 1, required: true },
  { key: 'hits_used', label: tl.used, kind: 'number', min: 0 },
];
const blankTool: Tool = { id: 0, code: '', kind: 'punch', description: '', life_hits_max: 500000, hits_used: 0, version: 0 };

export function ToolsTab({ canWrite }: { canWrite: boolean }) {
  return <MasterTab root="tools" label={t.admin.tabs.tools} columns={toolColumns} fields={toolFields} blank={blankTool} createLabel={tl.create} createTitle={tl.createTitle} name={(x) => x.code} canWrite={canWrite} />;
}

const customerColumns: ColumnDef<Customer>[] = [
  { id: 'code', header: cu.code, accessorFn: (x) => x.code, cell: (c) => <Text size="sm" fw={600} ff="monospace" style={{ whiteSpace: "nowrap" }}>{c.row.original.code}</Text> },
  { id: 'name', header: cu.name, accessorFn: (x) => x.name },
  { id: 'vip', header: cu.vip, accessorFn: (x) => (x.vip ? 1 : 0), cell: (c) => (c.row.original.vip ? <Badge size="sm" color="grape">{cu.vip}</Badge> : null) },
];
const customerFields: FieldSpec[] = [
  { key: 'code', label: cu.code, kind: 'text', required: true },
  { key: 'name', label: cu.name, kind: 'text', required: true },
  { key: 'vip', label: cu.vip, kind: 'bool', description: cu.vipHelp },
];
const blankCustomer: Customer = { id: 0, code: '', name: '', vip: false, version: 0 };

export function CustomersTab({ canWrite }: { canWrite: boolean }) {
  return <MasterTab root="customers" label={t.admin.tabs.customers} columns={customerColumns} fields={customerFields} blank={blankCustomer} createLabel={cu.create} createTitle={cu.createTitle} name={(x) => x.name} canWrite={canWrite} />;
}
