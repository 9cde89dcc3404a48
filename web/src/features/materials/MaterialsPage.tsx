// /materials: sheet stacks and remnants grouped by material and thickness with totals, heat
// lots, a heat-lot finder, and receiving for the roles that may receive.
import { Autocomplete, Button, Checkbox, Group, Paper, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconPackageImport, IconSearch } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useCan } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { heatLotPath } from '../jobs/links';
import { useHeatLots, useSheets, useSigmanestRemnantNames } from './api';
import { HeatLotsTable } from './HeatLotsTable';
import { ReceiveStockModal } from './ReceiveStockModal';
import { materialName, SheetsTable, type SheetRow } from './SheetsTable';
import { MATERIALS } from './types';
import '../jobs/contrast.css';

export const materialOptions = MATERIALS.map((m) => ({ value: m, label: materialName(m) }));

export function MaterialsPage() {
  const can = useCan();
  const navigate = useNavigate();
  const sheets = useSheets();
  const lots = useHeatLots();
  const sigmanestNames = useSigmanestRemnantNames();
  const [receiving, setReceiving] = useState(false);
  const [material, setMaterial] = useState<string | null>(null);
  const [thickness, setThickness] = useState<string | null>(null);
  const [remnantsOnly, setRemnantsOnly] = useState(false);
  const [showEmpty, setShowEmpty] = useState(false);
  const [find, setFind] = useState('');

  const lotMap = useMemo(() => new Map((lots.data ?? []).map((l) => [l.id, l])), [lots.data]);
  const thicknesses = useMemo(
    () =>
      [...new Set((sheets.data ?? []).filter((s) => !material || s.material === material).map((s) => s.thickness_mm))]
        .sort((a, b) => a - b)
        .map(String),
    [sheets.data, material],
  );
  const rows: SheetRow[] = useMemo(
    () =>
      (sheets.data ?? [])
        .filter((s) => !material || s.material === material)
        .filter((s) => !thickness || String(s.thickness_mm) === thickness)
        .filter((s) => !remnantsOnly || s.is_remnant)
        .filter((s) => showEmpty || s.quantity > 0)
        .sort((a, b) => a.material.localeCompare(b.material) || a.thickness_mm - b.thickness_mm || a.id - b.id)
        .map((s) => ({
          ...s,
          group: `${s.material}|${s.thickness_mm}`,
          lot: lotMap.get(s.heat_lot_id),
          sigmanestName: sigmanestNames.data?.get(s.id),
        })),
    [sheets.data, material, thickness, remnantsOnly, showEmpty, lotMap, sigmanestNames.data],
  );
  const lotNumbers = useMemo(() => (lots.data ?? []).map((l) => l.number), [lots.data]);
  const thicknessOptions = useMemo(() => thicknesses.map((x) => ({ value: x, label: `${x} mm` })), [thicknesses]);
  const openLot = (number: string) => {
    const lot = lots.data?.find((l) => l.number.toLowerCase() === number.trim().toLowerCase());
    if (lot) void navigate({ to: heatLotPath(lot.id) });
  };

  return (
    <Stack gap="sm" className="kerf-aa-contrast">
      <Group justify="space-between">
        <Title order={2}>{t.materials.title}</Title>
        <Group gap="sm" align="flex-end">
          <Autocomplete
            aria-label={t.materials.findLot}
            placeholder={t.materials.findLotPlaceholder}
            leftSection={<IconSearch size={16} aria-hidden />}
            data={lotNumbers}
            value={find}
            onChange={setFind}
            onOptionSubmit={openLot}
            onKeyDown={(e) => {
              if (e.key === 'Enter') openLot(find);
            }}
            limit={12}
            w={280}
          />
          {can('POST /api/v1/materials/receive') && (
            <Button leftSection={<IconPackageImport size={16} aria-hidden />} onClick={() => setReceiving(true)}>
              {t.materials.receive}
            </Button>
          )}
        </Group>
      </Group>
      <Tabs defaultValue="stock" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="stock">{t.materials.stockTab}</Tabs.Tab>
          <Tabs.Tab value="lots">{t.materials.lotsTab}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="stock" pt="sm">
          <Stack gap="sm">
            <Group gap="sm" align="flex-end">
              <Select
                label={t.materials.filterMaterial}
                placeholder={t.materials.allMaterials}
                data={materialOptions}
                value={material}
                onChange={(v) => {
                  setMaterial(v);
                  setThickness(null);
                }}
                clearable
                w={200}
              />
              <Select
                label={t.materials.filterThickness}
                placeholder={t.materials.allThicknesses}
                data={thicknessOptions}
                value={thickness}
                onChange={setThickness}
                clearable
                w={160}
              />
              <Checkbox label={t.materials.onlyRemnants} checked={remnantsOnly} onChange={(e) => setRemnantsOnly(e.currentTarget.checked)} mb={8} />
              <Checkbox label={t.materials.showEmpty} checked={showEmpty} onChange={(e) => setShowEmpty(e.currentTarget.checked)} mb={8} />
              <Text size="sm" c="dimmed" mb={8} ml="auto">
                {t.materials.sheetCount(rows.length)}
              </Text>
            </Group>
            <Paper withBorder radius="sm">
              <QueryState query={sheets}>{() => <SheetsTable rows={rows} />}</QueryState>
            </Paper>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="lots" pt="sm">
          <Paper withBorder radius="sm">
            <QueryState query={lots}>{(l) => <HeatLotsTable lots={l} />}</QueryState>
          </Paper>
        </Tabs.Panel>
      </Tabs>
      <ReceiveStockModal opened={receiving} onClose={() => setReceiving(false)} />
    </Stack>
  );
}
