// Search and filters of the jobs list (search, status multi-select, customer, due range).
import { Button, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo } from 'react';
import { t } from '../../i18n';
import { JOB_STATUSES, type JobStatus } from './types';
import type { Customer } from './types';

export interface FilterValues {
  search: string;
  statuses: JobStatus[];
  customerId: string | null;
  dueFrom: string;
  dueTo: string;
}

const statusOptions = JOB_STATUSES.map((s) => ({ value: s, label: t.jobs.status[s] ?? s }));

export const noFilters: FilterValues = { search: '', statuses: [], customerId: null, dueFrom: '', dueTo: '' };

interface Props {
  value: FilterValues;
  onChange: (v: FilterValues) => void;
  customers: readonly Customer[];
}

export function JobsFilters({ value, onChange, customers }: Props) {
  const customerOptions = useMemo(() => customers.map((c) => ({ value: String(c.id), label: c.name })), [customers]);
  const set = <K extends keyof FilterValues>(k: K, v: FilterValues[K]) => onChange({ ...value, [k]: v });
  const dirty = JSON.stringify(value) !== JSON.stringify(noFilters);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label={t.jobs.searchLabel}
        placeholder={t.jobs.searchPlaceholder}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={value.search}
        onChange={(e) => set('search', e.currentTarget.value)}
        w={240}
        size="sm"
      />
      <MultiSelect
        label={t.jobs.statusFilter}
        data={statusOptions}
        value={value.statuses}
        onChange={(v) => set('statuses', v as JobStatus[])}
        clearable
        w={280}
        size="sm"
      />
      <Select
        label={t.jobs.customerFilter}
        data={customerOptions}
        value={value.customerId}
        onChange={(v) => set('customerId', v)}
        searchable
        clearable
        w={220}
        size="sm"
      />
      <TextInput
        type="date"
        label={t.jobs.dueFrom}
        value={value.dueFrom}
        onChange={(e) => set('dueFrom', e.currentTarget.value)}
        w={150}
        size="sm"
      />
      <TextInput
        type="date"
        label={t.jobs.dueTo}
        value={value.dueTo}
        onChange={(e) => set('dueTo', e.currentTarget.value)}
        w={150}
        size="sm"
      />
      {dirty && (
        <Button variant="subtle" size="sm" onClick={() => onChange(noFilters)}>
          {t.jobs.clearFilters}
        </Button>
      )}
    </Group>
  );
}
