// Response shapes of the kerf API that the floor screens (terminal, department boards, dispatch,
// travellers, dashboard) read. Cast once per call from the untyped responses.

export type OpStatus = 'planned' | 'ready' | 'running' | 'paused' | 'complete';
export type JobStatus = 'planned' | 'released' | 'in_progress' | 'on_hold' | 'complete' | 'cancelled';

export interface Operation {
  id: number;
  job_id: number;
  name: string;
  sequence: number;
  department: string;
  process: string;
  status: OpStatus;
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

export interface Job {
  id: number;
  number: string;
  part_id: number;
  customer_id: number;
  quantity: number;
  due: string;
  priority: number;
  status: JobStatus;
  version: number;
  operations?: Operation[];
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
  status: string;
}

export interface Slot {
  id: number;
  operation_id: number;
  work_center_id: number;
  work_center_code: string;
  job_id: number;
  job_number: string;
  start: string;
  end: string;
}

// One line of GET /work-centers/{id}/dispatch: running operation first, then the queue.
export interface DispatchItem {
  slot_id: number | null;
  operation_id: number;
  start: string | null;
  end: string | null;
  op_name: string;
  sequence: number;
  op_status: OpStatus;
  job_id: number;
  job_number: string;
  job_status: JobStatus;
  part_number: string;
  part_name: string;
  material: string | null;
  thickness_mm: number | null;
  quantity: number;
  qty_good: number;
  qty_scrap: number;
  due: string;
  priority: number;
  customer: string;
}

export interface ListOf<T> {
  items: T[];
  total: number;
}
