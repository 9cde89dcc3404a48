// What the job consumed: its heat lots (linked to their trace) and each sheet consumption.
import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { ApiError } from '../../api/problem';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtShare } from '../../lib/share';
import { fmtDateTime } from '../../lib/time';
import { useJobMaterials } from './api';
import { TraceNests } from '../laser/TraceNests';
import { heatLotPath } from './links';

export function JobMaterialsCard({ jobId }: { jobId: number }) {
  const q = useJobMaterials(jobId);
  // 404: the job was deleted (or never existed) while its page is open.
  if (q.error instanceof ApiError && q.error.status === 404) {
    return <Text c="dimmed" size="sm">{t.jobs.notFound}</Text>;
  }
  return (
    <QueryState query={q} isEmpty={(d) => d.items.length === 0 && d.heat_lots.length === 0} empty={t.jobs.materialsEmpty}>
      {(d) => (
        <>
          <Group gap="xs" mb="sm" data-testid="job-heat-lots">
            {d.heat_lots.map((l) => (
              <Anchor key={l.id} component={Link} to={heatLotPath(l.id)} size="sm" fw={600}>
                <Badge variant="outline" size="lg" radius="sm" style={{ cursor: 'pointer', textTransform: 'none' }}>
                  {t.jobs.heatLot} {l.number} · {t.jobs.sheetsUsed(fmtShare(l.sheet_share), l.sheets)}
                </Badge>
              </Anchor>
            ))}
          </Group>
          <Table.ScrollContainer minWidth={520}>
            <Table fz="sm" verticalSpacing={6} aria-label={t.jobs.materials}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t.jobs.heatLot}</Table.Th>
                  <Table.Th>{t.jobs.sheet}</Table.Th>
                  <Table.Th ta="right">{t.jobs.sheets}</Table.Th>
                  <Table.Th ta="right">{t.jobs.share}</Table.Th>
                  <Table.Th>{t.jobs.operation}</Table.Th>
                  <Table.Th>{t.jobs.when}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={heatLotPath(c.heat_lot.id)} size="sm">
                        {c.heat_lot.number}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {c.heat_lot.supplier} · {c.heat_lot.mill_cert_ref}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {c.sheet.material.replace(/_/g, ' ')} {c.sheet.thickness_mm} mm
                      <Text size="xs" c="dimmed">
                        {c.sheet.length_mm}×{c.sheet.width_mm}
                        {c.sheet.is_remnant ? ` · ${t.jobs.remnant}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{c.quantity}</Table.Td>
                    <Table.Td ta="right">{fmtShare(c.sheet_share)}</Table.Td>
                    <Table.Td>{c.operation ? `${c.operation.sequence} ${c.operation.name}` : '—'}</Table.Td>
                    <Table.Td>
                      {fmtDateTime(c.at)}
                      <Text size="xs" c="dimmed">
                        {c.user}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {(d.nests ?? []).length > 0 && (
            <>
              <Text size="sm" fw={600} mt="md" mb={4}>
                {t.laser.nestsTitle}
              </Text>
              <TraceNests nests={d.nests} />
            </>
          )}
        </>
      )}
    </QueryState>
  );
}
