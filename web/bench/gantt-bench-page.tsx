// Bench page (not part of the app): the planner's GanttTimeline (or react-calendar-timeline,
// ?lib=rct) fed with generated board data, instrumented for bench/gantt-bench.mjs.
import { createRoot } from 'react-dom/client';
import { Component, type ReactNode } from 'react';
import { localMoveRefusal, toGroups, toItems, tooltipFor } from '../src/features/planner/boardItems';
import { GanttTimeline } from '../src/features/planner/GanttTimeline';
import type { Board, BoardSlot } from '../src/features/planner/types';

declare global {
  interface Window {
    bench: { t0: number; rendered?: number; error?: string; moves: { id: number; ok: boolean; at: number }[] };
  }
}
window.bench = { t0: performance.now(), moves: [] };

const params = new URLSearchParams(location.search);
const N = Number(params.get('ops') ?? 2000);
const WCS = 25;
const DEPTS = ['laser', 'punch', 'forming', 'welding', 'polishing', 'assembly', 'shipping'];
const now = Date.parse('2026-11-30T06:00:00Z');

// 25 work centers over 7 departments; 2,000 ops of 1–6 h back to back per work center.
function board(): Board {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const departments = DEPTS.map((name, d) => ({
    name,
    work_centers: Array.from({ length: WCS }, (_, i) => i)
      .filter((i) => i % DEPTS.length === d)
      .map((i) => ({ id: i + 1, code: `WC-${String(i + 1).padStart(2, '0')}`, name: `Work center ${i + 1}`, status: 'available', calendar_id: 1 })),
  }));
  const cursor = new Array<number>(WCS + 1).fill(now - 86_400_000);
  const slots: BoardSlot[] = [];
  for (let k = 0; k < N; k++) {
    const wc = (k % WCS) + 1;
    const start = cursor[wc] ?? now;
    const dur = (1 + Math.floor(rnd() * 6)) * 3_600_000;
    cursor[wc] = start + dur;
    const same = departments.find((d) => d.work_centers.some((w) => w.id === wc))?.work_centers.map((w) => w.id) ?? [wc];
    slots.push({
      id: k + 1, operation_id: k + 1, work_center_id: wc,
      start: new Date(start).toISOString(), end: new Date(start + dur).toISOString(),
      setup_end: new Date(start + dur / 6).toISOString(), pinned: k % 17 === 0, locked: false, version: 1,
      job_id: Math.floor(k / 5) + 1, job_number: `J-${24000 + Math.floor(k / 5)}`, job_status: 'released',
      priority: 3, due: new Date(start + 3 * 86_400_000).toISOString(), part_number: 'P-1', part_name: 'Part',
      customer: 'Customer', vip: false, op_name: 'Operation', op_status: 'planned', sequence: 10,
      department: 'laser', quantity: 10, qty_good: 0, qty_scrap: 0, eligible_work_center_ids: same,
      lateness_seconds: Math.round((rnd() - 0.7) * 86400 * 3),
    });
  }
  return { from: '', to: '', now: new Date(now).toISOString(), time_zone: 'UTC', departments, slots, off_shift: [], downtime: [] };
}

const data = board();
const code = (id: number) => `WC-${String(id).padStart(2, '0')}`;

function VisBench() {
  const groups = toGroups(data);
  const items = toItems(data, { mode: 'job', canEdit: true });
  return (
    <GanttTimeline
      groups={groups}
      items={items}
      editable
      start={new Date(now - 4 * 3_600_000)}
      end={new Date(now + 44 * 3_600_000)}
      ariaLabel="bench"
      tooltip={tooltipFor(data)}
      onMove={async (id, group) => {
        const s = data.slots.find((x) => x.id === id);
        const ok = !!s && localMoveRefusal(s, group, code) === null;
        window.bench.moves.push({ id, ok, at: performance.now() });
        return ok;
      }}
    />
  );
}

class Catch extends Component<{ children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: String(e) };
  }
  componentDidCatch(e: unknown) {
    window.bench.error = String(e instanceof Error ? `${e.message}\n${e.stack?.split('\n').slice(0, 4).join('\n')}` : e);
  }
  render() {
    return this.state.error ? <pre id="bench-error">{this.state.error}</pre> : this.props.children;
  }
}

async function main() {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  if (params.get('lib') === 'rct') {
    try {
      const { RctBench } = await import('./rct-bench');
      root.render(<Catch><RctBench board={data} now={now} /></Catch>);
    } catch (e) {
      window.bench.error = `import failed: ${String(e)}`;
    }
  } else {
    root.render(<VisBench />);
  }
}
void main();
