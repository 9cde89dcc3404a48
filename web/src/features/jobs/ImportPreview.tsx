// The rows of an import file beside the server's verdict: failing rows first and highlighted,
// each with its messages; long files are capped for display (the server checks every row).
import { ScrollArea, Stack, Table, Text } from '@mantine/core';
import { t } from '../../i18n';
import type { ImportTable, RowErrors } from './csv';

const SHOWN = 300;

export function ImportPreview({ table, errors }: { table: ImportTable; errors: RowErrors | null }) {
  const failing = errors ? table.rows.filter((r) => errors.byLine.has(r.line)) : [];
  const others = errors ? table.rows.filter((r) => !errors.byLine.has(r.line)) : table.rows;
  const rows = [...failing, ...others].slice(0, SHOWN);
  return (
    <Stack>
      <Text size="xs" c="dimmed">
        {t.jobs.importRows(table.rows.length)}
      </Text>
      <ScrollArea.Autosize mah={360} type="auto">
        <Table striped withTableBorder withColumnBorders fz="xs" stickyHeader aria-label={t.jobs.importPreview}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.jobs.importLine}</Table.Th>
              {table.header.map((h, i) => (
                <Table.Th key={`${h}-${i}`}>{h}</Table.Th>
              ))}
              <Table.Th>{t.jobs.importErrors}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => {
              const errs = errors?.byLine.get(r.line);
              const bad = new Set(errs?.map((e) => e.column));
              return (
                <Table.Tr key={r.line} bg={errs ? 'red.0' : undefined} data-error={errs ? 'true' : undefined}>
                  <Table.Td fw={600}>{r.line}</Table.Td>
                  {table.header.map((h, i) => (
                    <Table.Td
                      key={`${h}-${i}`}
                      c={bad.has(h) ? 'red.9' : undefined}
                      fw={bad.has(h) ? 700 : undefined}
                      style={bad.has(h) ? { textDecoration: 'underline wavy' } : undefined}
                    >
                      {r.fields[i] ?? ''}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    {errs ? (
                      errs.map((e) => (
                        <Text key={e.column + e.message} size="xs" c="red.9">
                          {e.column ? `${e.column}: ` : ''}
                          {e.message}
                        </Text>
                      ))
                    ) : errors ? (
                      <Text size="xs" c="dimmed">
                        {t.jobs.importRowOk}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Stack>
  );
}
