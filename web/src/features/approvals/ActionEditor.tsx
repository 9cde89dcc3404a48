// The fields of an approval's action a person may change before approving ("edit"): the
// priority of a rush order, the overtime windows, the quality disposition, the substitute
// material, the customer message. Errors come keyed "action.<field>" (client or server).
import { ActionIcon, Button, Group, Radio, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { t } from '../../i18n';
import { windowHours, type ActionDraft } from './action';

const a = t.approvals;

interface Props {
  gate: string;
  draft: ActionDraft;
  onChange: (d: ActionDraft) => void;
  errors: Record<string, string>;
}

export function ActionEditor({ gate, draft, onChange, errors }: Props) {
  const set = (patch: Partial<ActionDraft>) => onChange({ ...draft, ...patch });
  const err = (field: string) => errors[`action.${field}`];
  switch (gate) {
    case 'rush_order':
      return (
        <Select
          label={a.priority}
          data={['1', '2', '3', '4', '5']}
          value={draft.priority}
          onChange={(v) => set({ priority: v ?? '' })}
          error={err('priority')}
          allowDeselect={false}
          w={160}
          data-testid="edit-priority"
        />
      );
    case 'overtime': {
      const setWindow = (i: number, patch: Partial<ActionDraft['windows'][number]>) =>
        set({ windows: draft.windows.map((w, j) => (j === i ? { ...w, ...patch } : w)) });
      return (
        <Stack gap="xs" data-testid="edit-windows">
          <Text size="sm" fw={500}>
            {a.windows}
          </Text>
          {draft.windows.map((w, i) => (
            <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                type="datetime-local"
                label={a.windowStart(i)}
                value={w.start}
                onChange={(e) => setWindow(i, { start: e.currentTarget.value })}
                error={err(`windows/${i}/start`)}
              />
              <TextInput
                type="datetime-local"
                label={a.windowEnd(i)}
                value={w.end}
                onChange={(e) => setWindow(i, { end: e.currentTarget.value })}
                error={err(`windows/${i}/end`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                mb={4}
                aria-label={a.removeWindow(i)}
                onClick={() => set({ windows: draft.windows.filter((_, j) => j !== i) })}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          {err('windows') && (
            <Text size="sm" c="red.8">
              {err('windows')}
            </Text>
          )}
          <Group justify="space-between">
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => set({ windows: [...draft.windows, { start: '', end: '' }] })}
            >
              {a.addWindow}
            </Button>
            <Text size="sm" fw={600} data-testid="edit-total-hours">
              {a.totalHours(windowHours(draft.windows))}
            </Text>
          </Group>
        </Stack>
      );
    }
    case 'quality_hold':
      return (
        <Radio.Group
          label={a.disposition}
          value={draft.disposition}
          onChange={(v) => set({ disposition: v })}
          error={err('disposition')}
        >
          <Group mt={4}>
            <Radio value="release" label={a.dispositions.release} />
            <Radio value="scrap" label={a.dispositions.scrap} />
          </Group>
        </Radio.Group>
      );
    case 'material_shortage':
      return (
        <Group align="flex-start" grow>
          <TextInput
            label={a.substituteMaterial}
            value={draft.substituteMaterial}
            onChange={(e) => set({ substituteMaterial: e.currentTarget.value })}
            error={err('substitute_material')}
          />
          <TextInput
            label={a.substituteThickness}
            inputMode="decimal"
            value={draft.substituteThickness}
            onChange={(e) => set({ substituteThickness: e.currentTarget.value })}
            error={err('substitute_thickness_mm')}
          />
          <TextInput
            label={a.reorderSheets}
            inputMode="numeric"
            value={draft.reorderSheets}
            onChange={(e) => set({ reorderSheets: e.currentTarget.value })}
            error={err('reorder_sheets')}
          />
        </Group>
      );
    case 'customer_escalation':
      return (
        <Stack gap="xs">
          <TextInput
            label={a.subject}
            value={draft.subject}
            onChange={(e) => set({ subject: e.currentTarget.value })}
            error={err('subject')}
            data-testid="edit-subject"
          />
          <Textarea
            label={a.body}
            value={draft.body}
            onChange={(e) => set({ body: e.currentTarget.value })}
            error={err('body')}
            autosize
            minRows={5}
            maxRows={14}
            data-testid="edit-body"
          />
          <TextInput
            type="datetime-local"
            label={a.newEta}
            value={draft.newEta}
            onChange={(e) => set({ newEta: e.currentTarget.value })}
            error={err('new_eta')}
            w={260}
          />
        </Stack>
      );
    default:
      return null;
  }
}
