// The evidence an agent attaches to an approval, read defensively from its JSON (shape per gate
// in docs/approvals.md): missing or mistyped fields become null / empty lists, so a panel shows
// what is there instead of failing. Pure functions, unit-tested.

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const bool = (v: unknown): boolean => v === true;

// ---- rush_order ----

export interface MetricRow {
  key: string;
  before: number | null;
  after: number | null;
  lowerIsBetter: boolean;
}

export interface MovedJob {
  jobId: number | null;
  jobNumber: string;
  customer: string;
  due: string;
  endBefore: string;
  endAfter: string;
  delayS: number | null;
}

export interface RushOrderEvidence {
  job: { id: number | null; jobNumber: string; customer: string; due: string; priority: number | null };
  runId: number | null;
  metrics: MetricRow[];
  movedJobs: MovedJob[];
}

// Metrics in display order; those where a larger value is better say so.
const METRICS: readonly [string, boolean][] = [
  ['late_jobs', true],
  ['weighted_tardiness_h', true],
  ['total_tardiness_s', true],
  ['makespan_s', true],
  ['flow_time_s', true],
  ['total_setup_s', true],
  ['on_time_rate', false],
  ['unscheduled', true],
];

// The metric rows present in either document, in display order.
export function metricRows(before: unknown, after: unknown): MetricRow[] {
  const b = obj(before);
  const a = obj(after);
  return METRICS.filter(([k]) => num(b[k]) !== null || num(a[k]) !== null).map(([key, lower]) => ({
    key,
    before: num(b[key]),
    after: num(a[key]),
    lowerIsBetter: lower,
  }));
}

export type Trend = 'better' | 'worse' | 'same' | null;

export function trend(r: Pick<MetricRow, 'before' | 'after' | 'lowerIsBetter'>): Trend {
  if (r.before === null || r.after === null) return null;
  const d = r.after - r.before;
  if (Math.abs(d) < 1e-9) return 'same';
  return d < 0 === r.lowerIsBetter ? 'better' : 'worse';
}

export function rushOrderEvidence(evidence: unknown): RushOrderEvidence {
  const e = obj(evidence);
  const job = obj(e.job);
  const whatIf = obj(e.what_if);
  return {
    job: {
      id: num(job.id) ?? num(job.job_id),
      jobNumber: str(job.job_number),
      customer: str(job.customer),
      due: str(job.due),
      priority: num(job.priority),
    },
    runId: num(whatIf.run_id),
    metrics: metricRows(whatIf.metrics_before, whatIf.metrics_after),
    movedJobs: arr(e.moved_jobs).map((m) => {
      const j = obj(m);
      return {
        jobId: num(j.job_id),
        jobNumber: str(j.job_number),
        customer: str(j.customer),
        due: str(j.due),
        endBefore: str(j.end_before),
        endAfter: str(j.end_after),
        delayS: num(j.delay_s),
      };
    }),
  };
}

// ---- overtime ----

export interface WeekLoad {
  weekStart: string;
  loadH: number;
  capacityH: number;
}

export interface OvertimeEvidence {
  department: string;
  weekStart: string;
  loadH: number | null;
  capacityH: number | null;
  overtimeH: number | null;
  /** Hours the overtime windows hold, and the rest no window can (needs a replan). */
  placedH: number | null;
  unplacedH: number | null;
  weeks: WeekLoad[];
  workCenters: { id: number | null; code: string }[];
}

export function overtimeEvidence(evidence: unknown): OvertimeEvidence {
  const e = obj(evidence);
  return {
    department: str(e.department),
    weekStart: str(e.week_start),
    loadH: num(e.load_h),
    capacityH: num(e.capacity_h),
    overtimeH: num(e.overtime_h),
    placedH: num(e.placed_h),
    unplacedH: num(e.unplaced_h),
    weeks: arr(e.weeks).map((w) => {
      const x = obj(w);
      return { weekStart: str(x.week_start), loadH: num(x.load_h) ?? 0, capacityH: num(x.capacity_h) ?? 0 };
    }),
    workCenters: arr(e.work_centers).map((w) => {
      const x = obj(w);
      return { id: num(x.id), code: str(x.code) };
    }),
  };
}

// ---- quality_hold ----

export interface QualityHoldEvidence {
  defect: {
    jobId: number | null;
    jobNumber: string;
    operationId: number | null;
    workCenter: string;
    operator: string;
    codes: string[];
    qtyScrap: number | null;
  };
  trend: { day: string; scrap: number; completed: number }[];
  suspectJobs: { jobId: number | null; jobNumber: string; heatNumber: string }[];
}

export function qualityHoldEvidence(evidence: unknown): QualityHoldEvidence {
  const e = obj(evidence);
  const d = obj(e.defect);
  return {
    defect: {
      jobId: num(d.job_id),
      jobNumber: str(d.job_number),
      operationId: num(d.operation_id),
      workCenter: str(d.work_center),
      operator: str(d.operator),
      codes: arr(d.codes).map(str).filter((c) => c !== ''),
      qtyScrap: num(d.qty_scrap),
    },
    trend: arr(e.trend).map((p) => {
      const x = obj(p);
      return { day: str(x.day), scrap: num(x.scrap) ?? 0, completed: num(x.completed) ?? 0 };
    }),
    suspectJobs: arr(e.suspect_jobs).map((j) => {
      const x = obj(j);
      return { jobId: num(x.job_id), jobNumber: str(x.job_number), heatNumber: str(x.heat_number) };
    }),
  };
}

// ---- material_shortage ----

export interface ShortageJob {
  jobId: number | null;
  jobNumber: string;
  due: string;
  sheets: number | null;
}

export interface MaterialShortageEvidence {
  material: string;
  thicknessMm: number | null;
  available: number | null;
  safetyMinimum: number | null;
  demandSheets: number | null;
  substitute: { material: string; thicknessMm: number | null; available: number | null } | null;
  jobs: ShortageJob[];
}

export function materialShortageEvidence(evidence: unknown): MaterialShortageEvidence {
  const e = obj(evidence);
  const s = obj(e.substitute);
  const hasSub = typeof e.substitute === 'object' && e.substitute !== null && str(s.material) !== '';
  return {
    material: str(e.material),
    thicknessMm: num(e.thickness_mm),
    available: num(e.available),
    safetyMinimum: num(e.safety_minimum),
    demandSheets: num(e.demand_sheets),
    substitute: hasSub ? { material: str(s.material), thicknessMm: num(s.thickness_mm), available: num(s.available) } : null,
    jobs: arr(e.jobs).map((j) => {
      const x = obj(j);
      return {
        jobId: num(x.job_id) ?? num(x.id),
        jobNumber: str(x.job_number),
        due: str(x.due),
        sheets: num(x.sheets) ?? num(x.demand_sheets),
      };
    }),
  };
}

// ---- customer_escalation ----

export interface CustomerEscalationEvidence {
  customer: { id: number | null; name: string; vip: boolean };
  jobs: { jobId: number | null; jobNumber: string; due: string; eta: string; slipS: number | null }[];
  message: { subject: string; body: string };
}

export function customerEscalationEvidence(evidence: unknown): CustomerEscalationEvidence {
  const e = obj(evidence);
  const c = obj(e.customer);
  const m = obj(e.message);
  return {
    customer: { id: num(c.id), name: str(c.name), vip: bool(c.vip) },
    jobs: arr(e.jobs).map((j) => {
      const x = obj(j);
      return { jobId: num(x.job_id), jobNumber: str(x.job_number), due: str(x.due), eta: str(x.eta), slipS: num(x.slip_s) };
    }),
    message: { subject: str(m.subject), body: str(m.body) },
  };
}

// Material names are stored as snake-case codes ("stainless_304"): shown with spaces.
export const materialName = (m: string): string => m.replace(/_/g, ' ');
