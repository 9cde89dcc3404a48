// Response shapes of the job routes as the server sends them (docs/api.md). Request bodies are
// typed by the generated schema; these responses are cast once per call in api.ts.

import type { TraceNest } from '../laser/types';

export const JOB_STATUSES = [
  'planned',
  'released',
  'in_progress',
  'on_hold',
  'complete',
  'shipped',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type OperationStatus = 'planned' | 'ready' | 'running' | 'paused' | 'complete';

export interface Job {
  id: number;
  number: string;
  part_id: number;
  customer_id: number;
  quantity: number;
  due: string;
  priority: number;
  status: JobStatus;
  held_from: JobStatus | null;
  version: number;
}

export interface Operation {
  id: number;
  job_id: number;
  sequence: number;
  name: string;
  process: string;
  department: string;
  status: OperationStatus;
  eligible_work_center_ids: number[];
  qty_good: number;
  qty_scrap: number;
  setup_seconds: number;
  run_seconds_per_piece: number;
  started_at: string | null;
  completed_at: string | null;
  operator_id: number;
  version: number;
}

// What machines counted on one operation (only operations a machine reported on).
export interface OperationMachineActuals {
  operation_id: number;
  machine_qty: number;
  machine_run_s: number;
  planned_run_s: number;
  first_signal_at: string | null;
  last_signal_at: string | null;
}

export interface JobDetail extends Job {
  operations: Operation[];
  machine_actuals: OperationMachineActuals[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Part {
  id: number;
  number: string;
  revision: string;
  description: string;
  material: string;
  thickness_mm: number;
}

export interface Customer {
  id: number;
  code: string;
  name: string;
  vip: boolean;
}

export interface WorkCenter {
  id: number;
  code: string;
  name: string;
  department: string;
}

export interface Slot {
  id: number;
  operation_id: number;
  work_center_id: number;
  start: string;
  end: string;
  pinned: boolean;
  locked: boolean;
}

// GET /jobs/{id}/history items, newest first.
export interface HistoryItem {
  id: number;
  at: string;
  user: string;
  action: string;
  entity: string;
  entity_id: number;
  summary?: string;
  changes?: Record<string, { from: unknown; to: unknown }>;
}

export interface HeatLotRef {
  id: number;
  number: string;
  supplier: string;
  mill_cert_ref: string;
}

// One sheet consumption (traceability record).
export interface Consumption {
  id: number;
  at: string;
  // Sheets traced to the job; sheet_share is the job's share of them (several jobs on one program).
  quantity: number;
  sheet_share: number;
  user: string;
  sheet: {
    id: number;
    material: string;
    thickness_mm: number;
    length_mm: number;
    width_mm: number;
    is_remnant: boolean;
    parent_sheet_id: number | null;
  };
  heat_lot: HeatLotRef;
  job: { id: number; number: string };
  part: { id: number; number: string; revision: string; description: string } | null;
  operation: { id: number; sequence: number; name: string } | null;
  customer: { id: number; code: string; name: string } | null;
}

// GET /jobs/{id}/materials
export interface JobMaterials {
  job: { id: number; number: string };
  items: Consumption[];
  total: number;
  heat_lots: (HeatLotRef & { material: string; sheets: number; sheet_share: number })[];
  // Sigmanest programs that cut this job's parts from the consumed sheets.
  nests: TraceNest[];
}

// GET /dashboard late_jobs items (for the lateness column).
export interface LateJob {
  job_id: number;
  lateness_seconds: number;
  projected_end: string;
}

// The sortable columns of GET /jobs (server-side).
export type JobSortField = 'number' | 'due' | 'priority' | 'status' | 'quantity';

export interface JobFilters {
  q: string;
  statuses: JobStatus[];
  customerId: number | null;
  from: string | null;
  to: string | null;
  sort: JobSortField;
  order: 'asc' | 'desc';
}
