// The parts of a heat-lot trace: jobs fed by the lot, each consumption, and the lot's stacks
// (remnants under the sheet they were cut from).
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { t } from '../../i18n';
import { fmtShare } from '../../lib/share';
import { fmtDateTime } from '../../lib/time';
import { jobPath } from '../jobs/links';
import type { HeatLotTrace, Sheet } from './types';

export function TraceJobs({ jobs }: { jobs: HeatLotTrace['jobs'] }) {
  if (jobs.length === 0) return <Text c="dimmed" size="sm">{t.materials.noConsumptions}</Text>;
  return (
    <Table fz="sm" verticalSpacing={6} aria-label={t.materials.jobsFed} data-testid="trace-jobs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t.materials.job}</Table.Th>
          <Table.Th>{t.materials.part}</Table.Th>
          <Table.Th>{t.materials.customer}</Table.Th>
          <Table.Th ta="right">{t.materials.sheetsUsed}</Table.Th>
          <Table.Th ta="right">{t.materials.share}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {jobs.map((j) => (
          <Table.Tr key={j.job_id}>
            <Table.Td>
              <Anchor component={Link} to={jobPath(j.job_id)} fw={600} size="sm">
                {j.job_number}
              </Anchor>
            </Table.Td>
            <Table.Td>
              {j.part?.number ?? '—'}
              {j.part?.description && (
                <Text size="xs" c="dimmed">
                  {j.part.description}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{j.customer?.name ?? '—'}</Table.Td>
            <Table.Td ta="right" ff="monospace">
              {j.quantity}
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {fmtShare(j.sheet_share)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function TraceConsumptions({ items }: { items: HeatLotTrace['consumptions'] }) {
  if (items.length === 0) return <Text c="dimmed" size="sm">{t.materials.noConsumptions}</Text>;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table fz="sm" verticalSpacing={6} striped aria-label={t.materials.consumptions}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.materials.when}</Table.Th>
            <Table.Th>{t.materials.sheet}</Table.Th>
            <Table.Th ta="right">{t.materials.quantity}</Table.Th>
            <Table.Th ta="right">{t.materials.share}</Table.Th>
            <Table.Th>{t.materials.job}</Table.Th>
            <Table.Th>{t.materials.operation}</Table.Th>
            <Table.Th>{t.materials.part}</Table.Th>
            <Table.Th>{t.materials.customer}</Table.Th>
            <Table.Th>{t.materials.by}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{fmtDateTime(c.at)}</Table.Td>
              <Table.Td>
                {t.materials.stack(c.sheet.id)}
                {c.sheet.is_remnant && (
                  <Badge ml={6} size="xs" color="grape" variant="light">
                    {t.materials.remnant}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {c.quantity}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {fmtShare(c.sheet_share)}
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={jobPath(c.job.id)} size="sm">
                  {c.job.number}
                </Anchor>
              </Table.Td>
              <Table.Td>{c.operation ? `${c.operation.sequence} ${c.operation.name}` : '—'}</Table.Td>
              <Table.Td>{c.part?.number ?? '—'}</Table.Td>
              <Table.Td>{c.customer?.name ?? '—'}</Table.Td>
              <Table.Td>{c.user}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

// Parent sheets first, each followed by the remnants cut from it.
export function orderWithRemnants(sheets: readonly Sheet[]): { sheet: Sheet; depth: number }[] {
  const ids = new Set(sheets.map((s) => s.id));
  const children = new Map<number, Sheet[]>();
  const roots: Sheet[] = [];
  for (const s of sheets) {
    const parent = s.parent_sheet_id ?? 0;
    if (parent > 0 && ids.has(parent)) children.set(parent, [...(children.get(parent) ?? []), s]);
    else roots.push(s);
  }
  const out: { sheet: Sheet; depth: number }[] = [];
  const walk = (s: Sheet, depth: number) => {
    out.push({ sheet: s, depth });
    (children.get(s.id) ?? []).forEach((c) => walk(c, depth + 1));
  };
  roots.forEach((r) => walk(r, 0));
  return out;
}

export function TraceSheets({ sheets }: { sheets: Sheet[] }) {
  return (
    <Table fz="sm" verticalSpacing={6} aria-label={t.materials.lotSheets}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t.materials.sheet}</Table.Th>
          <Table.Th>{t.materials.size}</Table.Th>
          <Table.Th>{t.materials.location}</Table.Th>
          <Table.Th ta="right">{t.materials.onHand}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orderWithRemnants(sheets).map(({ sheet: s, depth }) => (
          <Table.Tr key={s.id}>
            <Table.Td style={{ paddingLeft: 12 + depth * 20 }}>
              {depth > 0 ? '↳ ' : ''}
              {t.materials.stack(s.id)} · {s.thickness_mm} mm
              {s.is_remnant && (
                <Badge ml={6} size="xs" color="grape" variant="light">
                  {t.materials.remnant}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              {s.length_mm} × {s.width_mm}
            </Table.Td>
            <Table.Td>{s.location}</Table.Td>
            <Table.Td ta="right" ff="monospace">
              {s.quantity}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
