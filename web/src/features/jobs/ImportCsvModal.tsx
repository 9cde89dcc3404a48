// CSV import of jobs: pick or drop a file, see its rows, import. The server imports all rows
// or none; on rejection the failing rows are highlighted with the server's message per column.
import { Alert, Anchor, Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileTypeCsv } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { rawFetch } from '../../api/client';
import { ApiError, errorMessage } from '../../api/problem';
import { notifyOk } from '../../components/notify';
import { t } from '../../i18n';
import { invalidateJobs } from './api';
import { groupImportErrors, importTable, IMPORT_TEMPLATE, type RowErrors } from './csv';
import { ImportPreview } from './ImportPreview';
import type { Page, Job } from './types';

function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

function downloadTemplate() {
  const url = URL.createObjectURL(new Blob([IMPORT_TEMPLATE], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'kerf-jobs-template.csv';
  a.click();
  URL.revokeObjectURL(url);
}

export function ImportCsvModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<RowErrors | null>(null);
  const [created, setCreated] = useState<number | null>(null);

  const choose = async (f: File | null) => {
    setFile(f);
    setErrors(null);
    setCreated(null);
    setText(f ? await readText(f) : '');
  };

  const run = useMutation({
    mutationFn: async () =>
      (await rawFetch('/api/v1/jobs/import.csv', {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv' },
        body: text,
      })) as Page<Job>,
    onMutate: () => {
      setErrors(null);
      setCreated(null);
    },
    onSuccess: (res) => {
      setCreated(res.items.length);
      notifyOk(t.jobs.importDone(res.items.length));
      invalidateJobs(client);
    },
    onError: (err) => {
      const list = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      const grouped = groupImportErrors(list);
      if (list.length === 0) grouped.general.push({ field: 'body', message: errorMessage(err) });
      setErrors(grouped);
    },
  });

  const close = () => {
    void choose(null);
    onClose();
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    const f = e.dataTransfer.files[0];
    if (f) void choose(f);
  };
  const table = importTable(text);
  const errorCount =
    (errors?.general.length ?? 0) +
    [...(errors?.byLine.values() ?? [])].reduce((n, l) => n + l.length, 0);

  return (
    <Modal classNames={{ content: 'kerf-aa-contrast' }} opened={opened} onClose={close} title={t.jobs.importTitle} size="80rem" centered>
      <Stack gap="sm" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <Text size="sm">{t.jobs.importIntro}</Text>
        <Text size="xs" c="dimmed">
          {t.jobs.importColumns}
        </Text>
        <Group align="flex-end" gap="sm">
          <FileInput
            label={t.jobs.importFile}
            placeholder={t.jobs.importFilePlaceholder}
            accept=".csv,text/csv"
            value={file}
            onChange={(f) => void choose(f)}
            leftSection={<IconFileTypeCsv size={18} aria-hidden />}
            clearable
            style={{ flex: 1 }}
          />
          <Anchor component="button" type="button" size="sm" onClick={downloadTemplate} mb={8}>
            <Group gap={4} wrap="nowrap">
              <IconDownload size={16} aria-hidden />
              {t.jobs.importTemplate}
            </Group>
          </Anchor>
        </Group>
        {created !== null && (
          <Alert color="teal" role="status" title={t.jobs.importDone(created)}>
            {file?.name}
          </Alert>
        )}
        {errors && (
          <Alert color="red" role="alert" title={t.jobs.importRejected(errorCount)}>
            {errors.general.map((g) => (
              <Text size="sm" key={g.field + g.message}>
                {g.field}: {g.message}
              </Text>
            ))}
          </Alert>
        )}
        {text && <ImportPreview table={table} errors={errors} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t.common.close}
          </Button>
          <Button onClick={() => run.mutate()} disabled={!text || created !== null} loading={run.isPending}>
            {t.jobs.importRun}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
