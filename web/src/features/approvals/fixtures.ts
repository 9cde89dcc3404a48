// Test data of the approvals and agents screens, shaped like the API's responses (evidence and
// actions per gate as in docs/approvals.md).
import type { Approval } from './types';

export const evidence = {
  rush_order: {
    job: { id: 90, job_number: 'J-24090', customer: 'Nordhavn Marine', due: '2026-12-02T14:00:00Z', priority: 3 },
    what_if: {
      run_id: 41,
      metrics_before: { late_jobs: 1, weighted_tardiness_h: 2.5, makespan_s: 360000, on_time_rate: 0.95 },
      metrics_after: { late_jobs: 3, weighted_tardiness_h: 9.25, makespan_s: 360000, on_time_rate: 0.85 },
    },
    moved_jobs: [
      { job_id: 71, job_number: 'J-24071', customer: 'Aker', due: '2026-12-04T14:00:00Z', end_before: '2026-12-03T10:00:00Z', end_after: '2026-12-03T16:30:00Z', delay_s: 23400 },
      { job_id: 72, job_number: 'J-24072', customer: 'Bergen Steel', due: '2026-12-03T12:00:00Z', end_before: '2026-12-03T09:00:00Z', end_after: '2026-12-03T13:00:00Z', delay_s: 14400 },
      { job_id: 73, job_number: 'J-24073', customer: 'Aker', due: '2026-12-06T14:00:00Z', end_before: '2026-12-04T09:00:00Z', end_after: '2026-12-04T10:00:00Z', delay_s: 3600 },
      { job_id: 74, job_number: 'J-24074', customer: 'Fjord', due: '2026-12-07T14:00:00Z', end_before: '2026-12-04T11:00:00Z', end_after: '2026-12-04T11:30:00Z', delay_s: 1800 },
    ],
  },
  overtime: {
    department: 'Bending',
    week_start: '2026-11-30T00:00:00Z',
    load_h: 92.5,
    capacity_h: 80,
    overtime_h: 12.5,
    weeks: [
      { week_start: '2026-11-30T00:00:00Z', load_h: 92.5, capacity_h: 80 },
      { week_start: '2026-12-07T00:00:00Z', load_h: 64, capacity_h: 80 },
    ],
    work_centers: [
      { id: 5, code: 'BRAKE-1' },
      { id: 6, code: 'BRAKE-2' },
    ],
  },
  quality_hold: {
    defect: { job_id: 55, job_number: 'J-24055', operation_id: 551, work_center: 'WELD-1', operator: 'operator', codes: ['CRACK', 'POROSITY'], qty_scrap: 4 },
    trend: [
      { day: '2026-11-27', scrap: 0, completed: 40 },
      { day: '2026-11-28', scrap: 1, completed: 38 },
      { day: '2026-11-29', scrap: 4, completed: 20 },
    ],
    suspect_jobs: [
      { job_id: 55, job_number: 'J-24055', heat_number: 'H4417203-304' },
      { job_id: 56, job_number: 'J-24056', heat_number: 'H4417203-304' },
    ],
  },
  material_shortage: {
    material: 'stainless_304',
    thickness_mm: 2,
    available: 3,
    safety_minimum: 10,
    demand_sheets: 14,
    substitute: { material: 'stainless_316', thickness_mm: 2, available: 25 },
    jobs: [{ job_id: 61, job_number: 'J-24061', due: '2026-12-05T14:00:00Z', sheets: 8 }],
  },
  customer_escalation: {
    customer: { id: 3, name: 'Nordhavn Marine', vip: true },
    jobs: [{ job_id: 80, job_number: 'J-24080', due: '2026-12-01T14:00:00Z', eta: '2026-12-02T10:00:00Z', slip_s: 72000 }],
    message: { subject: 'Revised delivery for J-24080', body: 'Dear Nordhavn Marine,\n\nJ-24080 will ship on 2 Dec.' },
  },
} as const;

export const actions = {
  rush_order: { job_id: 90, priority: 1 },
  overtime: {
    department: 'Bending',
    work_center_ids: [5, 6],
    windows: [{ start: '2026-12-05T06:00:00Z', end: '2026-12-05T12:00:00Z' }],
  },
  quality_hold: { job_ids: [55, 56], disposition: 'release' },
  material_shortage: {
    material: 'stainless_304',
    thickness_mm: 2,
    substitute_material: 'stainless_316',
    substitute_thickness_mm: 2,
    job_ids: [61],
    reorder_sheets: 20,
  },
  customer_escalation: {
    customer_id: 3,
    job_ids: [80],
    subject: 'Revised delivery for J-24080',
    body: 'Dear Nordhavn Marine,\n\nJ-24080 will ship on 2 Dec.',
    new_eta: '2026-12-02T10:00:00Z',
  },
} as const;

const roleOf: Record<string, Approval['role']> = {
  rush_order: 'planner',
  overtime: 'lead',
  quality_hold: 'quality',
  material_shortage: 'planner',
  customer_escalation: 'shipping',
};

export function approval(gate: keyof typeof evidence = 'rush_order', over: Partial<Approval> = {}): Approval {
  return {
    id: 7,
    gate,
    status: 'pending',
    role: roleOf[gate] ?? 'planner',
    thread_id: `scheduler/evt-${gate}`,
    title: `${gate} title`,
    summary: 'Proposed by the agent.',
    evidence: evidence[gate] as unknown as Approval['evidence'],
    action: actions[gate] as unknown as Approval['action'],
    applied_action: null,
    job_ids: [90],
    verdict: null,
    comment: '',
    decided_by: null,
    decided_at: null,
    error: '',
    created_at: '2026-11-29T10:00:00Z',
    ...over,
  } as Approval;
}

export const me = (roles: string[]) => ({
  id: 1,
  username: roles[0] ?? 'u',
  roles,
  station: false,
  idle_timeout_s: 43200,
  expires: '2026-11-30T00:00:00Z',
  plant_time_zone: 'UTC',
});
