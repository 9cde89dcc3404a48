// TEMPORARY: builds the /schedule/board document from older routes (slots, work centers, jobs,
// operations, parts, customers) for servers that do not serve /schedule/board yet (404). No
// off-shift shading; setup_end is start + the op's setup time. Remove once every server has
// the route.
import { rawFetch } from '../../api/client';
import type { Board, BoardDepartment, BoardSlot } from './types';

interface Page<T> {
  items: T[];
}
interface Slot {
  id: number;
  operation_id: number;
  work_center_id: number;
  start: string;
  end: string;
  pinned: boolean;
  locked: boolean;
  version: number;
}
interface Wc {
  id: number;
  code: string;
  name: string;
  status: string;
  department: string;
  calendar_id: number;
}
interface Job {
  id: number;
  number: string;
  status: string;
  priority: number;
  due: string;
  quantity: number;
  part_id: number;
  customer_id: number;
}
interface Op {
  id: number;
  job_id: number;
  name: string;
  status: string;
  sequence: number;
  department: string;
  qty_good: number;
  qty_scrap: number;
  setup_seconds: number;
  eligible_work_center_ids: number[];
}

const DEPARTMENTS = ['laser', 'punch', 'forming', 'welding', 'polishing', 'assembly', 'shipping'];

const list = async <T,>(path: string) => ((await rawFetch(path)) as Page<T>).items;

export async function fallbackBoard(): Promise<Board> {
  const now = new Date();
  const from = new Date(now.getTime() - 86_400_000);
  const to = new Date(now.getTime() + 14 * 86_400_000);
  const [slots, wcs, jobs, ops, parts, customers] = await Promise.all([
    list<Slot>(`/api/v1/schedule?from=${from.toISOString()}&to=${to.toISOString()}`),
    list<Wc>('/api/v1/work-centers?limit=1000'),
    list<Job>('/api/v1/jobs?limit=1000'),
    list<Op>('/api/v1/operations?limit=1000'),
    list<{ id: number; number: string; description: string }>('/api/v1/parts?limit=1000'),
    list<{ id: number; name: string; vip: boolean }>('/api/v1/customers?limit=1000'),
  ]);
  const byId = <T extends { id: number }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
  const jobMap = byId(jobs);
  const opMap = byId(ops);
  const partMap = byId(parts);
  const custMap = byId(customers);
  const finish = new Map<number, number>();
  for (const s of slots) {
    const op = opMap.get(s.operation_id);
    if (!op) continue;
    finish.set(op.job_id, Math.max(finish.get(op.job_id) ?? 0, Date.parse(s.end)));
  }
  const departments: BoardDepartment[] = DEPARTMENTS.map((name) => ({
    name,
    work_centers: wcs.filter((w) => w.department === name),
  }));
  const out: BoardSlot[] = [];
  for (const s of slots) {
    const op = opMap.get(s.operation_id);
    const job = op ? jobMap.get(op.job_id) : undefined;
    if (!op || !job) continue;
    const part = partMap.get(job.part_id);
    const cust = custMap.get(job.customer_id);
    const started = op.status !== 'planned' && op.status !== 'ready';
    const setupEnd = Math.min(Date.parse(s.end), Date.parse(s.start) + (started ? 0 : op.setup_seconds * 1000));
    const end = finish.get(job.id);
    out.push({
      ...s,
      setup_end: new Date(setupEnd).toISOString(),
      job_id: job.id,
      job_number: job.number,
      job_status: job.status,
      priority: job.priority,
      due: job.due,
      part_number: part?.number ?? null,
      part_name: part?.description ?? null,
      customer: cust?.name ?? null,
      vip: cust?.vip ?? false,
      op_name: op.name,
      op_status: op.status,
      sequence: op.sequence,
      department: op.department,
      quantity: job.quantity,
      qty_good: op.qty_good,
      qty_scrap: op.qty_scrap,
      eligible_work_center_ids: op.eligible_work_center_ids,
      lateness_seconds: end === undefined ? null : Math.floor((end - Date.parse(job.due)) / 1000),
    });
  }
  const downtime = wcs
    .filter((w) => w.status === 'down' || w.status === 'maintenance')
    .map((w) => ({
      work_center_id: w.id,
      start: now.toISOString(),
      end: new Date(now.getTime() + 8 * 3_600_000).toISOString(),
      reason: w.status,
    }));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    now: now.toISOString(),
    time_zone: 'UTC',
    departments,
    slots: out,
    off_shift: [],
    downtime,
  };
}
