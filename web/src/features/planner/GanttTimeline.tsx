// A thin React shell around vis-timeline: the Timeline is created once per mount; data changes
// are applied to its DataSets (diffed by id, so a refetch only redraws what changed), never by
// re-creating it. Callbacks are read through a ref, so changing them does not re-create either.
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';
import './planner.css';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import * as vis from 'vis-timeline/standalone';
import type { TimelineItem, TimelineOptions } from 'vis-timeline/standalone';
import { plantOffsetMinutes } from '../../lib/time';
import type { GroupData, ItemData } from './boardItems';

// The standalone bundle exports its own DataSet, which its typings omit.
const { Timeline } = vis;
const { DataSet, moment } = vis as unknown as {
  DataSet: typeof import('vis-data').DataSet;
  moment: typeof import('moment');
};
type DataSet<T extends { id: number | string }> = import('vis-data').DataSet<T, 'id'>;

export interface GanttHandle {
  // Shows [start, end] (animated); keeps the vertical scroll.
  setWindow(start: Date, end: Date): void;
  // Shows `ms` of time around the window's centre.
  zoomTo(ms: number): void;
  setSelection(ids: (number | string)[], focus?: boolean): void;
}

export interface GanttProps {
  groups: GroupData[];
  items: ItemData[];
  editable: boolean;
  start: Date;
  end: Date;
  ariaLabel: string;
  // Decides a drop: resolve true to keep the item where it was dropped, false to snap back.
  onMove?: (id: number, group: unknown, start: Date) => Promise<boolean>;
  onSelect?: (ids: number[]) => void;
  onContextMenu?: (id: number, x: number, y: number) => void;
  // The tooltip HTML of an item, built when it is hovered.
  tooltip?: (id: number | string) => string | undefined;
}

const FIVE_MIN = 5 * 60_000;

function sync<T extends { id: number | string }>(ds: DataSet<T>, next: T[], prev: Map<number | string, string>) {
  const seen = new Set<number | string>();
  const changed: T[] = [];
  const fresh = new Map<number | string, string>();
  for (const x of next) {
    seen.add(x.id);
    const key = JSON.stringify(x);
    fresh.set(x.id, key);
    if (prev.get(x.id) !== key) changed.push(x);
  }
  const gone = [...prev.keys()].filter((id) => !seen.has(id));
  if (gone.length > 0) ds.remove(gone);
  if (changed.length > 0) ds.update(changed as never);
  prev.clear();
  fresh.forEach((v, k) => prev.set(k, v));
}

export const GanttTimeline = forwardRef<GanttHandle, GanttProps>(function GanttTimeline(props, ref) {
  const container = useRef<HTMLDivElement>(null);
  const timeline = useRef<vis.Timeline | null>(null);
  const itemsDs = useRef(new DataSet<ItemData>());
  const groupsDs = useRef(new DataSet<GroupData>());
  const itemKeys = useRef(new Map<number | string, string>());
  const groupKeys = useRef(new Map<number | string, string>());
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!container.current) return;
    const options: TimelineOptions = {
      // Axis and snapping in plant time (lib/time's zone), whatever the browser's zone.
      moment: ((d?: Date | number | string) => {
        const m = moment(d);
        return m.utcOffset(plantOffsetMinutes(m.toDate()));
      }) as TimelineOptions['moment'],
      start: latest.current.start,
      end: latest.current.end,
      orientation: { axis: 'top', item: 'top' },
      stack: false,
      groupOrder: 'order',
      verticalScroll: true,
      horizontalScroll: false,
      zoomKey: 'ctrlKey',
      zoomMin: 60 * 60_000,
      zoomMax: 62 * 86_400_000,
      multiselect: true,
      // A bar can be dragged at once (not only after a click has selected it).
      itemsAlwaysDraggable: { item: true, range: false },
      // data-id on each bar: lets tests and tools find an operation's bar.
      dataAttributes: ['id'],
      selectable: true,
      showCurrentTime: true,
      height: '100%',
      margin: { item: { horizontal: 0, vertical: 3 }, axis: 4 },
      editable: latest.current.editable
        ? { updateTime: true, updateGroup: true, add: false, remove: false, overrideItems: false }
        : false,
      snap: (date: Date) => new Date(Math.round(date.getTime() / FIVE_MIN) * FIVE_MIN),
      tooltip: {
        followMouse: true,
        overflowMethod: 'flip',
        delay: 250,
        template: (item: { id: number | string }) => latest.current.tooltip?.(item.id) ?? '',
      },
      xss: { disabled: true },
      onMove: (item: TimelineItem, callback: (i: TimelineItem | null) => void) => {
        const handler = latest.current.onMove;
        if (!handler || typeof item.id !== 'number') return callback(null);
        const start = item.start instanceof Date ? item.start : new Date(item.start);
        handler(item.id, item.group, start).then(
          (ok) => callback(ok ? item : null),
          () => callback(null),
        );
      },
    };
    const tl = new Timeline(container.current, itemsDs.current as never, groupsDs.current as never, options);
    // vis-timeline reveals itself on the first redraw after its first range change (200 ms
    // later); when the data arrived before that, nothing redraws again: redraw once then.
    const reveal = () => {
      tl.off('rangechanged', reveal);
      tl.redraw();
    };
    tl.on('rangechanged', reveal);
    tl.on('select', (p?: { items: (number | string)[] }) => {
      latest.current.onSelect?.((p?.items ?? []).filter((x): x is number => typeof x === 'number'));
    });
    tl.on('contextmenu', (p?: { item?: number | string | null; event: MouseEvent }) => {
      if (!p || typeof p.item !== 'number' || !latest.current.onContextMenu) return;
      p.event.preventDefault();
      latest.current.onContextMenu(p.item, p.event.clientX, p.event.clientY);
    });
    // The label column scrolls with the rows: keyboard users can focus and scroll it.
    container.current.querySelector('.vis-panel.vis-left')?.setAttribute('tabindex', '0');
    timeline.current = tl;
    return () => {
      tl.destroy();
      timeline.current = null;
      itemKeys.current.clear();
      groupKeys.current.clear();
      itemsDs.current.clear();
      groupsDs.current.clear();
    };
  }, []);

  useEffect(() => {
    sync(groupsDs.current, props.groups, groupKeys.current);
  }, [props.groups]);

  useEffect(() => {
    sync(itemsDs.current, props.items, itemKeys.current);
  }, [props.items]);

  useEffect(() => {
    timeline.current?.setOptions({
      editable: props.editable
        ? { updateTime: true, updateGroup: true, add: false, remove: false, overrideItems: false }
        : false,
    });
  }, [props.editable]);

  useImperativeHandle(ref, () => ({
    setWindow(start, end) {
      timeline.current?.setWindow(start, end, { animation: true });
    },
    zoomTo(ms) {
      const tl = timeline.current;
      if (!tl) return;
      const w = tl.getWindow();
      const mid = (w.start.getTime() + w.end.getTime()) / 2;
      tl.setWindow(new Date(mid - ms / 2), new Date(mid + ms / 2), { animation: true });
    },
    setSelection(ids, focus = false) {
      timeline.current?.setSelection(ids, { focus, animation: { animation: false } as never });
    },
  }));

  return <div ref={container} className="kp-gantt" role="region" aria-label={props.ariaLabel} data-testid="gantt" />;
});
