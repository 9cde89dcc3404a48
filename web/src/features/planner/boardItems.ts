// Pure mapping of the board document onto vis-timeline groups and items. Every string that
// ends up as HTML is escaped here (the timeline's own XSS filter is off because it would
// strip our class attributes).
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration } from '../../lib/time';
import type { Board, BoardSlot } from './types';

export type ColourMode = 'job' | 'status' | 'lateness';
export type Lateness = 'late' | 'risk' | 'ontime' | 'unknown';

// Slack below which a job that is still on time counts as at risk.
export const AT_RISK_SECONDS = 24 * 3600;

export interface GroupData {
  id: number | string;
  content: string;
  className?: string;
  nestedGroups?: number[];
  showNested?: boolean;
  order: number;
  title?: string;
  treeLevel?: number;
}

export interface ItemData {
  id: number | string;
  group: number;
  start: Date;
  end: Date;
  content: string;
  title?: string;
  className: string;
  style?: string;
  type?: 'range' | 'background';
  editable?: boolean;
  selectable?: boolean;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function latenessOf(seconds: number | null): Lateness {
  if (seconds === null) return 'unknown';
  if (seconds > 0) return 'late';
  if (seconds > -AT_RISK_SECONDS) return 'risk';
  return 'ontime';
}

// A stable hue per job, so a job keeps its colour across reloads and screens.
export function jobHue(jobId: number): number {
  let h = 2166136261;
  const s = String(jobId);
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return ((h >>> 0) % 36) * 10;
}

// Fill / edge colours: light fills keep the dark bar text readable in every mode.
const STATUS_FILL: Record<string, [string, string]> = {
  planned: ['#dbe4ff', '#4c6ef5'],
  ready: ['#d0ebff', '#1c7ed6'],
  running: ['#c3fae8', '#0ca678'],
  paused: ['#fff3bf', '#f59f00'],
  complete: ['#e9ecef', '#868e96'],
};
const LATENESS_FILL: Record<Lateness, [string, string]> = {
  ontime: ['#d3f9d8', '#37b24d'],
  risk: ['#ffe8cc', '#f76707'],
  late: ['#ffe3e3', '#e03131'],
  unknown: ['#f1f3f5', '#adb5bd'],
};

export function colours(slot: BoardSlot, mode: ColourMode): [string, string] {
  if (mode === 'status') return STATUS_FILL[slot.op_status] ?? ['#dbe4ff', '#4c6ef5'];
  if (mode === 'lateness') return LATENESS_FILL[latenessOf(slot.lateness_seconds)];
  const hue = jobHue(slot.job_id);
  return [`hsl(${hue} 80% 88%)`, `hsl(${hue} 55% 38%)`];
}

// Share of the bar taken by setup, 0..1.
export function setupShare(slot: BoardSlot): number {
  const s = Date.parse(slot.start);
  const e = Date.parse(slot.end);
  const se = Date.parse(slot.setup_end);
  if (!(e > s) || !(se > s)) return 0;
  return Math.min(1, (se - s) / (e - s));
}

const PIN_SVG =
  '<svg class="kp-pin" viewBox="0 0 24 24" width="12" height="12" aria-hidden="true"><path d="M15 4.5l-4 4-4 1.5-1.5 1.5 7 7 1.5-1.5 1.5-4 4-4M9 15l-4.5 4.5M14.5 4l5.5 5.5" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>';

export function slotLabel(slot: BoardSlot): string {
  return `${escapeHtml(slot.job_number)} · ${escapeHtml(slot.op_name)}`;
}

export function latenessText(seconds: number | null): string {
  if (seconds === null) return t.planner.noEstimate;
  return seconds > 0
    ? t.planner.tip.lateBy(fmtDuration(seconds))
    : t.planner.tip.earlyBy(fmtDuration(-seconds));
}

export function tooltip(slot: BoardSlot, wcCode: string): string {
  const tp = t.planner.tip;
  const row = (k: string, v: string) => `<tr><th>${escapeHtml(k)}</th><td>${v}</td></tr>`;
  const late = latenessOf(slot.lateness_seconds);
  const lateLabel = { late: t.planner.late, risk: t.planner.atRisk, ontime: t.planner.onTime, unknown: '' }[late];
  const rows = [
    row(tp.job, `<b>${escapeHtml(slot.job_number)}</b>${slot.vip ? ` <span class="kp-vip">${tp.vip}</span>` : ''}`),
    row(tp.op, `${slot.sequence} ${escapeHtml(slot.op_name)} · ${escapeHtml(wcCode)} · ${escapeHtml(t.planner.opStatus[slot.op_status] ?? slot.op_status)}`),
    row(tp.part, escapeHtml([slot.part_number, slot.part_name].filter(Boolean).join(' — ') || '—')),
    row(tp.customer, escapeHtml(slot.customer ?? '—')),
    row(tp.due, escapeHtml(fmtDateTime(slot.due))),
    row(tp.quantity, `${slot.quantity} (${tp.done}: ${slot.qty_good} / ${slot.qty_scrap})`),
    ...(slot.machine_qty === undefined
      ? []
      : [row(tp.machine, escapeHtml(tp.machineCounted(slot.machine_qty, fmtDuration(slot.machine_run_s ?? 0))))]),
    row(tp.window, `${escapeHtml(fmtDateTime(slot.start))} – ${escapeHtml(fmtDateTime(slot.end))}`),
    row(tp.lateness, `<span class="kp-late kp-late--${late}">${escapeHtml(lateLabel)}</span> ${escapeHtml(latenessText(slot.lateness_seconds))}`),
  ];
  if (slot.setup_end !== slot.start) rows.push(row(tp.setupUntil, escapeHtml(fmtDateTime(slot.setup_end))));
  if (slot.pinned) rows.push(`<tr><td colspan="2">${escapeHtml(tp.pinned)}</td></tr>`);
  if (slot.locked) rows.push(`<tr><td colspan="2">${escapeHtml(tp.locked)}</td></tr>`);
  return `<table class="kp-tip">${rows.join('')}</table>`;
}

export const deptGroupId = (name: string) => `d:${name}`;

export function toGroups(board: Board): GroupData[] {
  const groups: GroupData[] = [];
  let order = 0;
  for (const d of board.departments) {
    if (d.work_centers.length === 0) continue;
    groups.push({
      id: deptGroupId(d.name),
      content: `<span class="kp-dept">${escapeHtml(d.name)}</span>`,
      nestedGroups: d.work_centers.map((w) => w.id),
      showNested: true,
      className: 'kp-dept-row',
      treeLevel: 1,
      order: order++,
    });
    for (const w of d.work_centers) {
      const down = w.status === 'down' || w.status === 'maintenance';
      const badge =
        w.status === 'available'
          ? ''
          : `<span class="kp-badge ${down ? 'kp-badge--down' : ''}">${escapeHtml(t.planner.status[w.status] ?? w.status)}</span>`;
      groups.push({
        id: w.id,
        content: `<div class="kp-wc"><span class="kp-wc-code">${escapeHtml(w.code)}</span>${badge}<span class="kp-wc-name">${escapeHtml(w.name)}</span></div>`,
        className: down ? 'kp-wc-row kp-wc-row--down' : 'kp-wc-row',
        title: `${w.code} ${w.name}`,
        treeLevel: 2,
        order: order++,
      });
    }
  }
  return groups;
}

export interface ItemOptions {
  mode: ColourMode;
  canEdit: boolean;
  highlight?: ReadonlySet<number>;
}

// Bars carry no tooltip text: it is built on hover (tooltipFor), which keeps a large board fast.
export function slotItem(slot: BoardSlot, o: ItemOptions): ItemData {
  const [fill, edge] = colours(slot, o.mode);
  const share = setupShare(slot);
  const hatch =
    share > 0
      ? `background-image:repeating-linear-gradient(135deg,rgba(0,0,0,.28) 0 2px,transparent 2px 5px);background-size:${(share * 100).toFixed(2)}% 100%;background-repeat:no-repeat;`
      : '';
  const classes = ['kp-op', `kp-op--${latenessOf(slot.lateness_seconds)}`];
  if (slot.pinned) classes.push('kp-op--pinned');
  if (slot.locked) classes.push('kp-op--locked');
  if (o.highlight?.has(slot.operation_id)) classes.push('kp-op--moved');
  return {
    id: slot.id,
    group: slot.work_center_id,
    start: new Date(slot.start),
    end: new Date(slot.end),
    content: `${slot.pinned ? PIN_SVG : ''}<span class="kp-op-label">${slotLabel(slot)}</span>`,
    className: classes.join(' '),
    style: `background-color:${fill};border-color:${edge};${hatch}`,
    editable: o.canEdit && !slot.locked,
  };
}

export function toItems(board: Board, o: ItemOptions): ItemData[] {
  const items: ItemData[] = board.slots.map((s) => slotItem(s, o));
  board.off_shift.forEach((iv, i) =>
    items.push({
      id: `off:${i}`,
      group: iv.work_center_id,
      start: new Date(iv.start),
      end: new Date(iv.end),
      content: '',
      className: 'kp-off',
      type: 'background',
    }),
  );
  board.downtime.forEach((iv, i) =>
    items.push({
      id: `down:${i}`,
      group: iv.work_center_id,
      start: new Date(iv.start),
      end: new Date(iv.end),
      content: `<span class="kp-down-label">${escapeHtml(t.planner.status[iv.reason ?? 'down'] ?? iv.reason ?? '')}</span>`,
      className: 'kp-down',
      type: 'background',
    }),
  );
  return items;
}

// The tooltip of bar `id` of `board`, or undefined for other items (shading).
export function tooltipFor(board: Board): (id: number | string) => string | undefined {
  const slots = new Map(board.slots.map((s) => [s.id, s]));
  const codes = new Map<number, string>();
  for (const d of board.departments) for (const w of d.work_centers) codes.set(w.id, w.code);
  return (id) => {
    const s = typeof id === 'number' ? slots.get(id) : undefined;
    return s ? tooltip(s, codes.get(s.work_center_id) ?? '') : undefined;
  };
}

// Why a drop on `groupId` is refused locally, or null when the server should decide.
export function localMoveRefusal(slot: BoardSlot, groupId: unknown, codeOf: (id: number) => string): string | null {
  if (slot.locked) return t.planner.lockedSlot;
  if (typeof groupId !== 'number') return t.planner.notARow;
  if (!slot.eligible_work_center_ids.includes(groupId)) {
    const allowed = slot.eligible_work_center_ids.map(codeOf).join(', ');
    return t.planner.notEligible(slot.op_name, codeOf(groupId), allowed);
  }
  return null;
}
