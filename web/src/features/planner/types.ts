// Response shapes of the schedule routes the planner board reads (until openapi.json types
// them). Instants are ISO 8601 UTC strings.

export type WorkCenterStatus = 'available' | 'down' | 'maintenance' | string;

export interface BoardWorkCenter {
  id: number;
  code: string;
  name: string;
  status: WorkCenterStatus;
  calendar_id: number;
}

export interface BoardDepartment {
  name: string;
  work_centers: BoardWorkCenter[];
}

export interface BoardSlot {
  id: number;
  operation_id: number;
  work_center_id: number;
  start: string;
  end: string;
  setup_end: string;
  pinned: boolean;
  locked: boolean;
  version: number;
  job_id: number;
  job_number: string;
  job_status: string;
  priority: number;
  due: string;
  part_number: string | null;
  part_name: string | null;
  customer: string | null;
  vip: boolean;
  op_name: string;
  op_status: string;
  sequence: number;
  department: string;
  quantity: number;
  qty_good: number;
  qty_scrap: number;
  eligible_work_center_ids: number[];
  lateness_seconds: number | null;
  machine_qty?: number; // what machines counted on a started operation (absent: none reported)
  machine_run_s?: number;
}

export interface BoardInterval {
  work_center_id: number;
  start: string;
  end: string;
  reason?: string;
}

// GET /schedule/board
export interface Board {
  from: string;
  to: string;
  now: string;
  time_zone: string;
  departments: BoardDepartment[];
  slots: BoardSlot[];
  off_shift: BoardInterval[];
  downtime: BoardInterval[];
}

export interface RunMetrics {
  complete?: boolean;
  late_jobs: number;
  weighted_tardiness_h: number;
  total_setup_s: number;
  total_tardiness_s?: number;
  on_time_rate?: number;
  makespan_s?: number;
  flow_time_s?: number;
  operations?: number;
  unscheduled?: number;
}

export interface ChainStep {
  operation_id: number;
  operation: string;
  work_center_id: number;
  start: string;
  end: string;
  // What the operation waited for: its job predecessor, its machine predecessor, or nothing.
  reason: 'job' | 'machine' | 'release' | string;
}

export interface LateJob {
  job_id: number;
  number: string;
  due: string;
  completion: string;
  tardiness_s: number;
  critical_chain: ChainStep[];
  suggestions: string[];
}

export interface LoadBucket {
  work_center_id: number;
  work_center_code: string;
  start: string;
  end: string;
  planned_s: number;
  available_s: number;
  load: number;
}

export type RunStatus = 'running' | 'succeeded' | 'cancelled' | 'failed' | string;

// GET /schedule/runs/{id}: a running run has only the head; a finished one the whole report.
export interface RunDoc {
  id: number;
  status: RunStatus;
  trigger: 'manual' | 'what_if' | 'repair' | string;
  horizon: string;
  mode: string;
  rule?: string | null;
  what_if: boolean;
  committed: boolean;
  created_at: string;
  created_by: string;
  error?: string;
  metrics_before?: RunMetrics;
  metrics_after?: RunMetrics;
  late_jobs?: LateJob[];
  load?: LoadBucket[];
  moved_operation_ids?: number[];
  repair?: { work_center_id: number; work_center_code: string; from: string; to: string };
}

// GET /schedule/runs list entry.
export interface RunSummary {
  id: number;
  status: RunStatus;
  trigger: string;
  horizon: string;
  mode: string;
  what_if: boolean;
  committed: boolean;
  created_at: string;
  created_by: string;
  objective: number | null;
  work_center_id?: number;
  moved?: number;
}

export interface RunList {
  items: RunSummary[];
  total: number;
}

export interface Conflicts {
  conflicts: { kind: string; operation_id: number; message: string }[];
  unscheduled_operations: number;
  late_jobs: LateJob[];
  warnings: unknown[];
}

export interface CommitResult {
  run_id: number;
  inserted: number;
  deleted: number;
  kept: number;
}

export interface RunRequest {
  mode: 'dispatch' | 'optimize';
  horizon: 'daily' | 'weekly';
  rule: 'best' | 'edd' | 'cr' | 'atc' | 'spt' | 'mwkr' | 'fifo';
  time_limit_s: number;
  what_if: boolean;
}
