// The board's controls: zoom, colour mode with its legend, actions on the selection, panels.
import { Badge, Button, Group, SegmentedControl, Stack, Text, Title, Tooltip } from '@mantine/core';
import { t } from '../../i18n';
import type { ColourMode } from './boardItems';

export const ZOOMS = { hour: 8 * 3_600_000, day: 24 * 3_600_000, week: 7 * 24 * 3_600_000 } as const;
export type Zoom = keyof typeof ZOOMS;

interface Props {
  mode: ColourMode;
  onMode: (m: ColourMode) => void;
  onZoom: (z: Zoom) => void;
  onToday: () => void;
  canEdit: boolean;
  canRun: boolean;
  selection: number[];
  onPin: (pinned: boolean) => void;
  onClearSelection: () => void;
  lateCount: number | null;
  lateOpen: boolean;
  onToggleLate: () => void;
  onRun: () => void;
}

function Legend({ mode }: { mode: ColourMode }) {
  const sw = (bg: string, edge: string, label: string) => (
    <Text span size="xs" key={label}>
      <span className="kp-swatch" style={{ background: bg, borderColor: edge, borderLeftWidth: 3 }} />
      {label}
    </Text>
  );
  const modeItems =
    mode === 'lateness'
      ? [sw('#d3f9d8', '#37b24d', t.planner.onTime), sw('#ffe8cc', '#f76707', t.planner.atRisk), sw('#ffe3e3', '#e03131', t.planner.late)]
      : mode === 'status'
        ? [sw('#dbe4ff', '#4c6ef5', t.planner.opStatus.planned ?? ''), sw('#d0ebff', '#1c7ed6', t.planner.opStatus.ready ?? ''), sw('#c3fae8', '#0ca678', t.planner.opStatus.running ?? ''), sw('#fff3bf', '#f59f00', t.planner.opStatus.paused ?? '')]
        : [];
  return (
    <Group gap="md" data-testid="legend">
      {modeItems}
      <Text span size="xs">
        <span className="kp-swatch kp-swatch--setup" />
        {t.planner.setup}
      </Text>
      <Text span size="xs">
        <span className="kp-swatch kp-swatch--off" />
        {t.planner.offShift}
      </Text>
      <Text span size="xs">
        <span className="kp-swatch kp-swatch--down" />
        {t.planner.downtime}
      </Text>
      <Text span size="xs">
        <span className="kp-swatch" style={{ outline: '1px dashed #212529', background: '#fff' }} />
        {t.planner.pinned}
      </Text>
      <Text span size="xs" c="gray.7">
        {t.planner.wheelHint}
      </Text>
    </Group>
  );
}

export function PlannerToolbar(p: Props) {
  return (
    <Stack gap={6}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm">
          <Title order={2} size="h3">
            {t.planner.title}
          </Title>
          {!p.canEdit && (
            <Tooltip label={t.planner.readOnly}>
              <Badge color="gray.8" variant="outline" data-testid="read-only">
                {t.planner.readOnly.split(':')[0]}
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Group gap="xs" wrap="wrap">
          <Button.Group aria-label={t.planner.zoom}>
            <Button size="xs" variant="default" onClick={() => p.onZoom('hour')}>
              {t.planner.zoomHour}
            </Button>
            <Button size="xs" variant="default" onClick={() => p.onZoom('day')}>
              {t.planner.zoomDay}
            </Button>
            <Button size="xs" variant="default" onClick={() => p.onZoom('week')}>
              {t.planner.zoomWeek}
            </Button>
          </Button.Group>
          <Button size="xs" variant="default" onClick={p.onToday}>
            {t.planner.today}
          </Button>
          <SegmentedControl
            size="xs"
            aria-label={t.planner.colourBy}
            value={p.mode}
            onChange={(v) => p.onMode(v as ColourMode)}
            data={[
              { value: 'job', label: t.planner.colourJob },
              { value: 'status', label: t.planner.colourStatus },
              { value: 'lateness', label: t.planner.colourLateness },
            ]}
          />
          {p.canEdit && p.selection.length > 0 && (
            <Group gap={4} data-testid="selection-actions">
              <Text size="xs" fw={600}>
                {t.planner.selected(p.selection.length)}
              </Text>
              <Button size="xs" variant="outline" color="indigo.8" onClick={() => p.onPin(true)}>
                {t.planner.pin}
              </Button>
              <Button size="xs" variant="outline" color="indigo.8" onClick={() => p.onPin(false)}>
                {t.planner.unpin}
              </Button>
              <Button size="xs" variant="subtle" color="gray.8" onClick={p.onClearSelection}>
                {t.planner.clearSelection}
              </Button>
            </Group>
          )}
          <Button size="xs" variant={p.lateOpen ? 'filled' : 'outline'} color="red.9" onClick={p.onToggleLate} aria-pressed={p.lateOpen}>
            {t.planner.lateJobs}
            {p.lateCount !== null ? ` (${p.lateCount})` : ''}
          </Button>
          {p.canRun && (
            <Button size="xs" color="indigo.8" onClick={p.onRun}>
              {t.planner.runScheduler}
            </Button>
          )}
        </Group>
      </Group>
      <Legend mode={p.mode} />
    </Stack>
  );
}

