// react-calendar-timeline 0.28 with the same generated data, for comparison only.
import 'react-calendar-timeline/lib/Timeline.css';
import * as RCT from 'react-calendar-timeline';
import moment from 'moment';
import type React from 'react';
import type { Board } from '../src/features/planner/types';

export function RctBench({ board, now }: { board: Board; now: number }) {
  const groups = board.departments.flatMap((d) => d.work_centers.map((w) => ({ id: w.id, title: w.code })));
  const items = board.slots.map((s) => ({
    id: s.id,
    group: s.work_center_id,
    title: `${s.job_number} · ${s.op_name}`,
    start_time: moment(s.start),
    end_time: moment(s.end),
    canMove: true,
    canChangeGroup: true,
  }));
  // The package is CommonJS; depending on the interop its component is .default or .default.default.
  const mod = RCT as unknown as { default?: { default?: unknown } | unknown };
  const inner = (mod.default as { default?: unknown } | undefined)?.default ?? mod.default;
  const T = inner as (p: Record<string, unknown>) => React.JSX.Element;
  return (
    <T
      groups={groups}
      items={items}
      defaultTimeStart={moment(now - 4 * 3_600_000)}
      defaultTimeEnd={moment(now + 44 * 3_600_000)}
      onItemMove={(id: number) => window.bench.moves.push({ id, ok: true, at: performance.now() })}
    />
  );
}
