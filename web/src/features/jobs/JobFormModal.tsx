// Create or edit a job. Server field errors appear under their fields; editing sends the
// version read, and a 409 (changed by someone else) reloads the job into the form.
import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { notifyError, notifyOk } from '../../components/notify';
import { t } from '../../i18n';
import { getPlantZone } from '../../lib/time';
import { invalidateJobs, jobQuery, useCustomers, useParts } from './api';
import { fromPlantInput, toPlantInput } from './plantInput';
import type { Job } from './types';

interface Values {
  number: string;
  partId: string | null;
  customerId: string | null;
  quantity: number | string;
  due: string;
  priority: string;
}

const blank: Values = { number: '', partId: null, customerId: null, quantity: 1, due: '', priority: '3' };

function valuesOf(job: Job): Values {
  return {
    number: job.number,
    partId: String(job.part_id),
    customerId: String(job.customer_id),
    quantity: job.quantity,
    due: toPlantInput(job.due),
    priority: String(job.priority),
  };
}

interface Props {
  opened: boolean;
  onClose: () => void;
  job?: Job;
  onCreated?: (job: Job) => void;
}

export function JobFormModal({ opened, onClose, job, onCreated }: Props) {
  return (
    <Modal
      classNames={{ content: 'kerf-aa-contrast' }}
      opened={opened}
      onClose={onClose}
      title={job ? t.jobs.editTitle(job.number) : t.jobs.createTitle}
      size="lg"
      centered
    >
      {opened && <JobForm job={job} onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function JobForm({ job, onClose, onCreated }: Omit<Props, 'opened'>) {
  const client = useQueryClient();
  const parts = useParts();
  const customers = useCustomers();
  const [values, setValues] = useState<Values>(job ? valuesOf(job) : blank);
  const [version, setVersion] = useState(job?.version ?? 0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);
  const set = <K extends keyof Values>(k: K, v: Values[K]) => setValues((s) => ({ ...s, [k]: v }));

  const partOptions = useMemo(
    () =>
      (parts.data ?? []).map((p) => ({
        value: String(p.id),
        label: `${p.number} rev ${p.revision} — ${p.description}`,
      })),
    [parts.data],
  );
  const customerOptions = useMemo(
    () => (customers.data ?? []).map((c) => ({ value: String(c.id), label: `${c.name} (${c.code})` })),
    [customers.data],
  );

  const save = useMutation({
    mutationFn: async (): Promise<Job> => {
      const local: Record<string, string> = {};
      const due = fromPlantInput(values.due);
      if (!job && !values.number.trim()) local.number = t.jobs.required;
      if (!values.partId) local.part_id = t.jobs.required;
      if (!values.customerId) local.customer_id = t.jobs.required;
      if (!due) local.due = t.jobs.required;
      if (Object.keys(local).length > 0) {
        throw new ApiError({
          title: t.jobs.required,
          status: 400,
          errors: Object.entries(local).map(([field, message]) => ({ field, message })),
        });
      }
      const fields = {
        part_id: Number(values.partId),
        customer_id: Number(values.customerId),
        quantity: Number(values.quantity),
        due: due as string,
        priority: Number(values.priority),
      };
      if (job) {
        const body = { version, ...fields };
        return (await unwrap(
          api.PUT('/api/v1/jobs/{id}', {
            params: { path: { id: String(job.id) } },
            body: body as unknown as Record<string, never>,
          }),
        )) as unknown as Job;
      }
      return (await unwrap(
        api.POST('/api/v1/jobs', { body: { number: values.number.trim(), ...fields } }),
      )) as unknown as Job;
    },
    onMutate: () => {
      setErrors({});
      setConflict(false);
    },
    onSuccess: (saved) => {
      notifyOk(job ? t.jobs.updated(saved.number) : t.jobs.created(saved.number));
      invalidateJobs(client, saved.id);
      onCreated?.(saved);
      onClose();
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 409 && job) {
        setConflict(true);
        const fresh = await client.fetchQuery({ ...jobQuery(job.id), staleTime: 0 });
        setValues(valuesOf(fresh));
        setVersion(fresh.version);
        invalidateJobs(client, job.id);
        return;
      }
      if (err instanceof ApiError && err.problem.errors && err.problem.errors.length > 0) {
        setErrors(Object.fromEntries(err.problem.errors.map((e) => [e.field, e.message])));
        if (err.problem.errors.every((e) => fieldNames.includes(e.field))) return;
      }
      notifyError(err);
    },
  });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        {conflict && (
          <Alert color="orange" role="alert">
            {t.jobs.changedElsewhere}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t.jobs.number}
            value={values.number}
            onChange={(e) => set('number', e.currentTarget.value)}
            disabled={Boolean(job)}
            required={!job}
            error={errors.number}
            data-autofocus
          />
          <Select
            label={t.jobs.customer}
            data={customerOptions}
            value={values.customerId}
            onChange={(v) => set('customerId', v)}
            searchable
            required
            error={errors.customer_id}
            nothingFoundMessage="—"
          />
        </SimpleGrid>
        <Select
          label={t.jobs.part}
          placeholder={t.jobs.partPlaceholder}
          data={partOptions}
          value={values.partId}
          onChange={(v) => set('partId', v)}
          searchable
          limit={50}
          required
          error={errors.part_id}
          nothingFoundMessage="—"
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NumberInput
            label={t.jobs.quantity}
            value={values.quantity}
            onChange={(v) => set('quantity', v)}
            min={1}
            max={1000000}
            required
            error={errors.quantity}
          />
          <TextInput
            type="datetime-local"
            label={t.jobs.due}
            description={getPlantZone()}
            value={values.due}
            onChange={(e) => set('due', e.currentTarget.value)}
            required
            error={errors.due}
          />
          <Select
            label={t.jobs.priorityLabel}
            description={t.jobs.priorityHint}
            data={priorityOptions}
            value={values.priority}
            onChange={(v) => set('priority', v ?? '3')}
            allowDeselect={false}
            error={errors.priority}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t.common.cancel}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {job ? t.common.save : t.common.create}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const priorityOptions = ['1', '2', '3', '4', '5'].map((p) => ({ value: p, label: t.jobs.priority(Number(p)) }));

const fieldNames = ['number', 'part_id', 'customer_id', 'quantity', 'due', 'priority'];
