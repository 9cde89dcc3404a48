// Response shapes of the machine routes. TEMPORARY until the server's routes land: then these
// become aliases of the generated components['schemas'][...] types.
export type MachineStateName = 'RUN' | 'IDLE' | 'PAUSED' | 'SETUP' | 'DOWN' | 'UNKNOWN';

export interface Oee {
  availability: number;
  performance: number;
  quality: number;
  oee: number;
}

export interface MachineView extends Machine {
  work_center_code: string | null;
  department: string | null;
  state: MachineStateName;
  state_since: string | null;
  last_signal_at: string | null;
  program: string | null;
  alarm: { code: string; text: string } | null;
  current_operation: {
    id: number;
    job_id: number;
    job_number: string;
    part_number: string;
    sequence: number;
    qty_planned: number;
    machine_qty: number;
    planned_run_s: number;
    actual_run_s: number;
  } | null;
  parts_today: number;
  oee_today: Oee;
}

export interface StateInterval {
  from: string;
  to: string | null;
  state: MachineStateName;
  operation_id: number | null;
}

export interface SignalPoint {
  t: string;
  min: number;
  max: number;
  avg: number;
  count: number;
}

export interface Losses {
  equipment_failure_s: number;
  setup_s: number;
  idling_s: number;
  minor_stops_s: number;
  reduced_speed_s: number;
  defects_s: number;
}

export interface OeeBucket extends Oee {
  from: string;
  to: string;
  planned_s: number;
  losses: Losses;
}

export interface OeeReport {
  total: OeeBucket;
  buckets: OeeBucket[];
}

export interface Machine {
  id: number;
  version: number;
  code: string;
  name: string;
  work_center_id: number | null;
  protocol: string;
  endpoint: string;
  ideal_cycle_s: number;
  active: boolean;
}
