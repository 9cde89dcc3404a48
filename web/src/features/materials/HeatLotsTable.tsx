// The heat lots, newest first, each linked to its trace.
import { Anchor, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { t } from '../../i18n';
import { fmtDate } from '../../lib/time';
import { heatLotPath } from '../jobs/links';
import { materialName } from './SheetsTable';
import type { HeatLot } from './types';

export function HeatLotsTable({ lots }: { lots: HeatLot[] }) {
  if (lots.length === 0) return <Text c="dimmed" ta="center" py="xl">{t.materials.noLots}</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table verticalSpacing={6} fz="sm" striped aria-label={t.materials.lotsTab}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.materials.heatNumber}</Table.Th>
            <Table.Th>{t.materials.material}</Table.Th>
            <Table.Th>{t.materials.supplier}</Table.Th>
            <Table.Th>{t.materials.millCert}</Table.Th>
            <Table.Th>{t.materials.receivedAt}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lots.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>
                <Anchor component={Link} to={heatLotPath(l.id)} fw={600} size="sm">
                  {l.number}
                </Anchor>
              </Table.Td>
              <Table.Td>{materialName(l.material)}</Table.Td>
              <Table.Td>{l.supplier || '—'}</Table.Td>
              <Table.Td ff="monospace">{l.mill_cert_ref || '—'}</Table.Td>
              <Table.Td>{fmtDate(l.received)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
