// The status of a work center as colour + text, and (for writers) a menu to change it with a
// confirmation; taking a machine down warns that the scheduler will propose a repair.
import { Alert, Badge, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown } from '@tabler/icons-react';
import { useState } from 'react';
import { t } from '../../../i18n';
import { updateWorkCenter } from '../api';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { useAdminMutation } from '../shared/useAdminMutation';
import { WC_STATUSES, type WorkCenter, type WorkCenterStatus } from '../types';
import { statusColor, statusLabel, statusShade } from './format';

const m = t.admin.wc;

export function StatusBadge({ status }: { status: WorkCenterStatus }) {
  // Available is calm (outline); down and maintenance stand out (filled); text always says it.
  return (
    <Badge
      color={statusShade[status]}
      variant={status === 'available' ? 'outline' : 'filled'}
      autoContrast
      size="sm"
      styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}
    >
      {statusLabel(status)}
    </Badge>
  );
}

export function StatusControl({ wc, canWrite }: { wc: WorkCenter; canWrite: boolean }) {
  const [target, setTarget] = useState<WorkCenterStatus | null>(null);
  const change = useAdminMutation((s: WorkCenterStatus) => updateWorkCenter({ ...wc, status: s }), {
    roots: ['work-centers', 'board', 'load', 'audit'],
    ok: (s) => m.statusSaved(wc.code, statusLabel(s)),
    onSuccess: () => setTarget(null),
  });
  if (!canWrite) return <StatusBadge status={wc.status} />;

  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <UnstyledButton aria-label={m.statusMenu(statusLabel(wc.status), wc.code)} style={{ display: 'inline-flex', alignItems: 'center', gap: 2 }}>
            <StatusBadge status={wc.status} />
            <IconChevronDown size={14} aria-hidden />
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          {WC_STATUSES.filter((s) => s !== wc.status).map((s) => (
            <Menu.Item key={s} onClick={() => setTarget(s)} leftSection={<StatusDot status={s} />}>
              {statusLabel(s)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {target && (
        <ConfirmDialog
          opened
          title={m.setStatusTitle(wc.code, statusLabel(target))}
          confirmLabel={statusLabel(target)}
          color={target === 'available' ? undefined : statusColor[target]}
          loading={change.isPending}
          onConfirm={() => change.mutate(target)}
          onClose={() => setTarget(null)}
        >
          {target === 'down' ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
              {m.downWarning}
            </Alert>
          ) : (
            <Text size="sm">{m.statusBody}</Text>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

function StatusDot({ status }: { status: WorkCenterStatus }) {
  return <span aria-hidden style={{ width: 8, height: 8, borderRadius: 4, display: 'inline-block', background: `var(--mantine-color-${statusColor[status]}-6)` }} />;
}
