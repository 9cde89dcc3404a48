// The Gantt of one board document: rows per work center under their departments, bars per
// scheduled operation, shading for off-shift and downtime; a context menu to pin/unpin.
import { Menu } from '@mantine/core';
import { forwardRef, useEffect, useMemo, useRef, useState } from 'react';
import { t } from '../../i18n';
import { type ColourMode, toGroups, toItems, tooltipFor } from './boardItems';
import { GanttTimeline, type GanttHandle } from './GanttTimeline';
import type { Board } from './types';

interface Props {
  board: Board;
  mode: ColourMode;
  canEdit: boolean;
  highlight: ReadonlySet<number>;
  focusWc?: number;
  onMove: (id: number, group: unknown, start: Date) => Promise<boolean>;
  onSelect: (ids: number[]) => void;
  onPin: (ids: number[], pinned: boolean) => void;
}

const HOUR = 3_600_000;

export const PlannerBoard = forwardRef<GanttHandle, Props>(function PlannerBoard(p, ref) {
  const groups = useMemo(() => {
    const g = toGroups(p.board);
    if (p.focusWc === undefined) return g;
    return g.map((x) => (x.id === p.focusWc ? { ...x, className: `${x.className ?? ''} kp-wc-row--focus` } : x));
  }, [p.board, p.focusWc]);
  const items = useMemo(
    () => toItems(p.board, { mode: p.mode, canEdit: p.canEdit, highlight: p.highlight }),
    [p.board, p.mode, p.canEdit, p.highlight],
  );
  const tooltip = useMemo(() => tooltipFor(p.board), [p.board]);
  // The initial window only (later windows are the user's): a little history, two days ahead.
  const initial = useRef<{ start: Date; end: Date } | null>(null);
  if (!initial.current) {
    const now = Date.parse(p.board.now);
    initial.current = { start: new Date(now - 4 * HOUR), end: new Date(now + 44 * HOUR) };
  }
  const [menu, setMenu] = useState<{ id: number; x: number; y: number } | null>(null);
  const menuSlot = menu ? p.board.slots.find((s) => s.id === menu.id) : undefined;
  useEffect(() => {
    if (!menu) return;
    const close = () => setMenu(null);
    window.addEventListener('scroll', close, true);
    return () => window.removeEventListener('scroll', close, true);
  }, [menu]);

  return (
    <>
      <GanttTimeline
        ref={ref}
        groups={groups}
        items={items}
        editable={p.canEdit}
        start={initial.current.start}
        end={initial.current.end}
        ariaLabel={t.planner.timeline}
        onMove={p.onMove}
        tooltip={tooltip}
        onSelect={p.onSelect}
        onContextMenu={p.canEdit ? (id, x, y) => setMenu({ id, x, y }) : undefined}
      />
      {menu && (
      <Menu opened onChange={(o) => !o && setMenu(null)} position="bottom-start" withinPortal>
        <Menu.Target>
          <button
            type="button"
            tabIndex={-1}
            aria-label={t.planner.slotActions}
            style={{ position: 'fixed', left: menu.x, top: menu.y, width: 1, height: 1, padding: 0, border: 0, opacity: 0 }}
          />
        </Menu.Target>
        <Menu.Dropdown data-testid="slot-menu">
          {menuSlot && (
            <>
              <Menu.Label>
                {menuSlot.job_number} · {menuSlot.op_name}
              </Menu.Label>
              <Menu.Item disabled={menuSlot.pinned} onClick={() => p.onPin([menuSlot.id], true)}>
                {t.planner.pin}
              </Menu.Item>
              <Menu.Item disabled={!menuSlot.pinned} onClick={() => p.onPin([menuSlot.id], false)}>
                {t.planner.unpin}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      )}
    </>
  );
});
