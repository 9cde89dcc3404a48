// The settings of a scheduler run; submits them as one RunRequest.
import { Button, NumberInput, SegmentedControl, Select, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { t } from '../../i18n';
import type { RunRequest } from './types';

const RULES: RunRequest['rule'][] = ['best', 'edd', 'cr', 'atc', 'spt', 'mwkr', 'fifo'];

export function RunForm({ busy, onStart }: { busy: boolean; onStart: (r: RunRequest) => void }) {
  const [req, setReq] = useState<RunRequest>({
    mode: 'dispatch',
    horizon: 'weekly',
    rule: 'best',
    time_limit_s: 10,
    what_if: true,
  });
  const set = <K extends keyof RunRequest>(k: K, v: RunRequest[K]) => setReq((r) => ({ ...r, [k]: v }));
  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={500} mb={4} id="run-mode-label">
          {t.planner.mode}
        </Text>
        <SegmentedControl
          fullWidth
          aria-labelledby="run-mode-label"
          value={req.mode}
          onChange={(v) => set('mode', v as RunRequest['mode'])}
          data={[
            { value: 'dispatch', label: t.planner.modeDispatch },
            { value: 'optimize', label: t.planner.modeOptimize },
          ]}
        />
      </div>
      <div>
        <Text size="sm" fw={500} mb={4} id="run-horizon-label">
          {t.planner.horizon}
        </Text>
        <SegmentedControl
          fullWidth
          aria-labelledby="run-horizon-label"
          value={req.horizon}
          onChange={(v) => set('horizon', v as RunRequest['horizon'])}
          data={[
            { value: 'daily', label: t.planner.horizonDaily },
            { value: 'weekly', label: t.planner.horizonWeekly },
          ]}
        />
      </div>
      {req.mode === 'dispatch' ? (
        <Select
          label={t.planner.rule}
          value={req.rule}
          allowDeselect={false}
          onChange={(v) => v && set('rule', v as RunRequest['rule'])}
          data={RULES.map((r) => ({ value: r, label: t.planner.rules[r] ?? r }))}
        />
      ) : (
        <NumberInput
          label={t.planner.timeLimit}
          min={1}
          max={600}
          value={req.time_limit_s}
          onChange={(v) => set('time_limit_s', typeof v === 'number' && v > 0 ? v : 10)}
        />
      )}
      <Switch
        label={t.planner.whatIf}
        checked={req.what_if}
        onChange={(e) => set('what_if', e.currentTarget.checked)}
      />
      <Button
        color="indigo.8"
        loading={busy}
        onClick={() => onStart(req.mode === 'dispatch' ? req : { ...req, rule: 'best' })}
      >
        {t.planner.start}
      </Button>
    </Stack>
  );
}
