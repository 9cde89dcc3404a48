// Buckets a department's operations into the kanban columns. Pure, so it is tested alone.
import type { Job, Operation } from './types';

export type Column = 'queued' | 'ready' | 'running' | 'done' | 'hold';
export const columns: readonly Column[] = ['queued', 'ready', 'running', 'done', 'hold'];

export interface Card {
  op: Operation;
  job: Job;
}

const onFloor = new Set(['released', 'in_progress']);

// Which column an operation belongs in, or null when it is not on the board (unreleased or
// cancelled jobs, operations completed before `dayStart`).
export function columnOf(op: Operation, job: Job, dayStart: Date): Column | null {
  if (op.status === 'complete') {
    return op.completed_at && Date.parse(op.completed_at) >= dayStart.getTime() ? 'done' : null;
  }
  if (job.status === 'on_hold') return 'hold';
  if (!onFloor.has(job.status)) return null;
  if (op.status === 'running' || op.status === 'paused') return 'running';
  if (op.status === 'ready') return 'ready';
  return 'queued';
}

const due = (c: Card) => Date.parse(c.job.due);

// Cards per column: running by start, done newest first, the others by due date then priority.
export function bucket(ops: readonly Operation[], jobs: ReadonlyMap<number, Job>, dayStart: Date) {
  const out: Record<Column, Card[]> = { queued: [], ready: [], running: [], done: [], hold: [] };
  for (const op of ops) {
    const job = jobs.get(op.job_id);
    if (!job) continue;
    const col = columnOf(op, job, dayStart);
    if (col) out[col].push({ op, job });
  }
  const byDue = (a: Card, b: Card) => due(a) - due(b) || a.job.priority - b.job.priority || a.op.id - b.op.id;
  out.queued.sort(byDue);
  out.ready.sort(byDue);
  out.hold.sort(byDue);
  out.running.sort((a, b) => Date.parse(a.op.started_at ?? '') - Date.parse(b.op.started_at ?? '') || a.op.id - b.op.id);
  out.done.sort((a, b) => Date.parse(b.op.completed_at ?? '') - Date.parse(a.op.completed_at ?? ''));
  return out;
}
