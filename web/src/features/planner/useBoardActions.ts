// The board's write actions: drag-to-move (validated locally first, then by the server) and
// pin / unpin of a selection. Every outcome is told in a notification; the board is refetched
// after each server answer (a refusal may mean the data on screen is stale).
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { notifyError, notifyOk } from '../../components/notify';
import { t } from '../../i18n';
import { moveSlot, setPinned } from './api';
import { localMoveRefusal } from './boardItems';
import type { Board, BoardSlot } from './types';

export const BOARD_ROOTS = ['board', 'conflicts', 'load', 'dashboard', 'dispatch'] as const;

export function useBoardActions(board: Board | undefined) {
  const client = useQueryClient();
  const latest = useRef(board);
  latest.current = board;

  const refresh = useCallback(() => {
    for (const root of BOARD_ROOTS) void client.invalidateQueries({ queryKey: [root] });
  }, [client]);

  const codeOf = useCallback((id: number) => {
    for (const d of latest.current?.departments ?? []) {
      const w = d.work_centers.find((x) => x.id === id);
      if (w) return w.code;
    }
    return `#${id}`;
  }, []);

  const slot = (id: number): BoardSlot | undefined => latest.current?.slots.find((s) => s.id === id);

  // Resolves true when the server accepted the move (the bar stays), false otherwise (snaps back).
  const move = useCallback(
    async (id: number, group: unknown, start: Date): Promise<boolean> => {
      const s = slot(id);
      if (!s) return false;
      const refusal = localMoveRefusal(s, group, codeOf);
      if (refusal) {
        notifications.show({ color: 'orange', title: t.planner.moveFailed, message: refusal, autoClose: 8000 });
        return false;
      }
      try {
        await moveSlot(s, { work_center_id: group as number, start: start.toISOString() });
        notifyOk(t.planner.moved(s.job_number, codeOf(group as number)));
        refresh();
        return true;
      } catch (e) {
        notifyError(e, t.planner.moveFailed);
        refresh();
        return false;
      }
    },
    [codeOf, refresh],
  );

  const pin = useCallback(
    async (ids: number[], pinned: boolean): Promise<void> => {
      const targets = ids.map(slot).filter((s): s is BoardSlot => !!s && s.pinned !== pinned);
      const results = await Promise.allSettled(targets.map((s) => setPinned(s, pinned)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      const ok = results.length - results.filter((r) => r.status === 'rejected').length;
      if (failed) notifyError(failed.reason, t.planner.pinFailed);
      if (ok > 0) notifyOk(pinned ? t.planner.pinnedOk(ok) : t.planner.unpinnedOk(ok));
      refresh();
    },
    [refresh],
  );

  return { move, pin, codeOf, refresh };
}
