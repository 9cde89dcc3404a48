// An operation as the job and floor routes send it, for component and logic tests: a laser cut,
// 10 min setup and 1 min a piece, nothing made yet; `over` sets what a test is about.
import type { Operation } from '../features/jobs/types';

export function operationOf(over: Partial<Operation> & Pick<Operation, 'id'>): Operation {
  return {
    job_id: 1,
    name: 'Laser cut',
    sequence: 10,
    department: 'laser',
    process: 'laser_cut',
    status: 'planned',
    eligible_work_center_ids: [1],
    qty_good: 0,
    qty_scrap: 0,
    setup_seconds: 600,
    run_seconds_per_piece: 60,
    started_at: null,
    completed_at: null,
    operator_id: 0,
    version: 1,
    ...over,
  };
}
