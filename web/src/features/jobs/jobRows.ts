// A job row of the jobs table: the job joined with its part, customer, progress and lateness.
import type { LateJob, Job, Part, Customer } from './types';
import type { Progress } from './api';

export interface JobRow extends Job {
  partNumber: string;
  partDescription: string;
  customerName: string;
  vip: boolean;
  progress: Progress | null;
  lateness: LateJob | null;
}

export function buildRows(
  jobs: readonly Job[],
  parts: ReadonlyMap<number, Part>,
  customers: ReadonlyMap<number, Customer>,
  progress: ReadonlyMap<number, Progress> | undefined,
  lateness: ReadonlyMap<number, LateJob> | undefined,
  statuses: readonly string[],
): JobRow[] {
  const rows: JobRow[] = [];
  for (const j of jobs) {
    // Several statuses cannot be asked of the server (equality filter): filtered here.
    if (statuses.length > 1 && !statuses.includes(j.status)) continue;
    const p = parts.get(j.part_id);
    const c = customers.get(j.customer_id);
    rows.push({
      ...j,
      partNumber: p ? `${p.number}${p.revision ? ` rev ${p.revision}` : ''}` : `#${j.part_id}`,
      partDescription: p?.description ?? '',
      customerName: c?.name ?? `#${j.customer_id}`,
      vip: c?.vip ?? false,
      progress: progress?.get(j.id) ?? null,
      lateness: lateness?.get(j.id) ?? null,
    });
  }
  return rows;
}
