// GET /api/v1/dashboard?days=N
export interface Dashboard {
  now: string;
  on_time: { completed_jobs: number; on_time_jobs: number; rate: number | null };
  late_jobs: {
    count: number;
    items: { job_id: number; job_number: string; due: string; projected_end: string; lateness_seconds: number; customer: string }[];
  };
  departments: {
    name: string;
    wip: number;
    queue: number;
    queue_hours: number;
    load_hours: number;
    capacity_hours: number;
    utilisation: number;
  }[];
  bottleneck: { department: string; work_center_id: number | null; code: string | null; utilisation: number } | null;
  adherence: { operations: number; started_on_time: number; finished_on_time: number; rate: number | null };
}
