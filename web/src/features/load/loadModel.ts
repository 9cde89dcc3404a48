// Pure aggregation of load buckets: per department (hours) and per work center (utilisation),
// and the bottleneck (the highest-utilisation cell).
import type { LoadItem, WorkCenterRow } from './types';

export const DEPARTMENT_ORDER = ['laser', 'punch', 'forming', 'welding', 'polishing', 'assembly', 'shipping'];

export interface DepartmentSeries {
  department: string;
  loadH: number[];
  capacityH: number[];
}

export interface Cell {
  wcIndex: number;
  bucketIndex: number;
  // planned / available; null when the work center has no capacity in that bucket.
  utilisation: number | null;
  plannedH: number;
  availableH: number;
}

export interface LoadModel {
  buckets: string[]; // bucket starts (ISO), ascending
  workCenters: { id: number; code: string; department: string }[];
  departments: DepartmentSeries[];
  cells: Cell[];
  bottleneck: Cell | null;
}

const hours = (s: number) => Math.round((s / 3600) * 10) / 10;

export function buildLoadModel(items: LoadItem[], wcs: WorkCenterRow[]): LoadModel {
  const buckets = [...new Set(items.map((i) => i.start))].sort();
  const bucketIndex = new Map(buckets.map((b, i) => [b, i]));
  const deptOf = new Map(wcs.map((w) => [w.id, w.department]));
  const rank = (d: string) => {
    const i = DEPARTMENT_ORDER.indexOf(d);
    return i < 0 ? DEPARTMENT_ORDER.length : i;
  };
  const seen = new Map<number, { id: number; code: string; department: string }>();
  for (const i of items) {
    if (!seen.has(i.work_center_id)) {
      seen.set(i.work_center_id, {
        id: i.work_center_id,
        code: i.work_center_code,
        department: deptOf.get(i.work_center_id) ?? 'other',
      });
    }
  }
  const workCenters = [...seen.values()].sort(
    (a, b) => rank(a.department) - rank(b.department) || a.code.localeCompare(b.code),
  );
  const wcIndex = new Map(workCenters.map((w, i) => [w.id, i]));
  const deptNames = [...new Set(workCenters.map((w) => w.department))];
  const dept = new Map<string, DepartmentSeries>(
    deptNames.map((d) => [d, { department: d, loadH: buckets.map(() => 0), capacityH: buckets.map(() => 0) }]),
  );
  const cells: Cell[] = [];
  for (const i of items) {
    const b = bucketIndex.get(i.start) ?? 0;
    const w = wcIndex.get(i.work_center_id) ?? 0;
    const d = dept.get(workCenters[w]?.department ?? 'other');
    if (d) {
      d.loadH[b] = (d.loadH[b] ?? 0) + i.planned_s / 3600;
      d.capacityH[b] = (d.capacityH[b] ?? 0) + i.available_s / 3600;
    }
    cells.push({
      wcIndex: w,
      bucketIndex: b,
      utilisation: i.available_s > 0 ? i.planned_s / i.available_s : null,
      plannedH: hours(i.planned_s),
      availableH: hours(i.available_s),
    });
  }
  for (const d of dept.values()) {
    d.loadH = d.loadH.map((x) => Math.round(x * 10) / 10);
    d.capacityH = d.capacityH.map((x) => Math.round(x * 10) / 10);
  }
  // The highest cell; among equal cells (several at 100 %), the work center loaded most over
  // the whole window, then the earliest bucket.
  const total = new Map<number, number>();
  for (const c of cells) total.set(c.wcIndex, (total.get(c.wcIndex) ?? 0) + (c.utilisation ?? 0));
  let bottleneck: Cell | null = null;
  for (const c of cells) {
    if (c.utilisation === null) continue;
    const b = bottleneck;
    const better =
      !b ||
      c.utilisation > (b.utilisation ?? 0) + 1e-9 ||
      (Math.abs(c.utilisation - (b.utilisation ?? 0)) <= 1e-9 &&
        ((total.get(c.wcIndex) ?? 0) > (total.get(b.wcIndex) ?? 0) + 1e-9 ||
          (Math.abs((total.get(c.wcIndex) ?? 0) - (total.get(b.wcIndex) ?? 0)) <= 1e-9 &&
            c.bucketIndex < b.bucketIndex)));
    if (better) bottleneck = c;
  }
  return { buckets, workCenters, departments: [...dept.values()], cells, bottleneck };
}
