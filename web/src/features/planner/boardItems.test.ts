import { describe, expect, it } from 'vitest';
import {
  AT_RISK_SECONDS,
  jobHue,
  latenessOf,
  localMoveRefusal,
  setupShare,
  slotItem,
  toGroups,
  toItems,
  tooltipFor,
} from './boardItems';
import type { Board, BoardSlot } from './types';

const slot = (over: Partial<BoardSlot> = {}): BoardSlot => ({
  id: 7,
  operation_id: 186,
  work_center_id: 1,
  start: '2026-11-30T05:00:00Z',
  end: '2026-11-30T07:00:00Z',
  setup_end: '2026-11-30T05:30:00Z',
  pinned: false,
  locked: false,
  version: 3,
  job_id: 39,
  job_number: 'J-24039',
  job_status: 'released',
  priority: 3,
  due: '2026-12-05T14:00:00Z',
  part_number: 'PTT-1',
  part_name: 'Prep table',
  customer: 'Northgate',
  vip: true,
  op_name: 'Laser cut',
  op_status: 'planned',
  sequence: 10,
  department: 'laser',
  quantity: 40,
  qty_good: 0,
  qty_scrap: 0,
  eligible_work_center_ids: [1, 2],
  lateness_seconds: -3 * 86400,
  ...over,
});

const board = (slots: BoardSlot[]): Board => ({
  from: '2026-11-28T23:00:00Z',
  to: '2026-12-13T23:00:00Z',
  now: '2026-11-29T08:00:00Z',
  time_zone: 'Europe/Berlin',
  departments: [
    {
      name: 'laser',
      work_centers: [
        { id: 1, code: 'LAS-6K', name: 'Fiber 6 kW', status: 'available', calendar_id: 2 },
        { id: 2, code: 'LAS-12K', name: 'Fiber 12 kW', status: 'down', calendar_id: 2 },
      ],
    },
    { name: 'punch', work_centers: [{ id: 4, code: 'PUN-TP30', name: 'Turret', status: 'available', calendar_id: 2 }] },
    { name: 'welding', work_centers: [] },
  ],
  slots,
  off_shift: [{ work_center_id: 1, start: '2026-11-29T14:00:00Z', end: '2026-11-30T05:00:00Z' }],
  downtime: [{ work_center_id: 2, start: '2026-11-29T08:00:00Z', end: '2026-11-29T16:00:00Z', reason: 'down' }],
});

describe('lateness', () => {
  it('classes late, at risk, on time and unknown', () => {
    expect(latenessOf(60)).toBe('late');
    expect(latenessOf(-AT_RISK_SECONDS + 60)).toBe('risk');
    expect(latenessOf(-AT_RISK_SECONDS - 60)).toBe('ontime');
    expect(latenessOf(null)).toBe('unknown');
  });
});

describe('jobHue', () => {
  it('is stable per job and spreads jobs over the wheel', () => {
    expect(jobHue(39)).toBe(jobHue(39));
    const hues = new Set(Array.from({ length: 50 }, (_, i) => jobHue(i + 1)));
    expect(hues.size).toBeGreaterThan(15);
  });
});

describe('groups', () => {
  it('nests work centers under their department, skips empty ones, flags down ones', () => {
    const g = toGroups(board([]));
    expect(g.map((x) => x.id)).toEqual(['d:laser', 1, 2, 'd:punch', 4]);
    expect(g[0]?.nestedGroups).toEqual([1, 2]);
    expect(g[2]?.className).toContain('kp-wc-row--down');
    expect(g[2]?.content).toContain('kp-badge--down');
    expect(g[1]?.content).not.toContain('kp-badge');
  });
});

describe('items', () => {
  it('hatches the setup share of a bar and marks pins', () => {
    const s = slot({ pinned: true });
    expect(setupShare(s)).toBeCloseTo(0.25);
    const item = slotItem(s, { mode: 'job', canEdit: true });
    expect(item.style).toContain('background-size:25.00% 100%');
    expect(item.className).toContain('kp-op--pinned');
    expect(item.content).toContain('kp-pin');
    expect(item.editable).toBe(true);
  });

  it('never lets locked bars or read-only users drag', () => {
    expect(slotItem(slot({ locked: true }), { mode: 'job', canEdit: true }).editable).toBe(false);
    expect(slotItem(slot(), { mode: 'job', canEdit: false }).editable).toBe(false);
  });

  it('escapes text from the server', () => {
    const s = slot({ job_number: '<img src=x onerror=alert(1)>', customer: '"A&B"' });
    const item = slotItem(s, { mode: 'status', canEdit: false });
    expect(item.content).not.toContain('<img');
    expect(item.content).toContain('&lt;img');
    const tip = tooltipFor(board([s]))(7) ?? '';
    expect(tip).toContain('&quot;A&amp;B&quot;');
    expect(tip).not.toContain('<img');
    expect(tooltipFor(board([s]))('off:0')).toBeUndefined();
  });

  it('says what machines counted on a started operation, and nothing when none reported', () => {
    const counted = tooltipFor(board([slot({ op_status: 'running', machine_qty: 12, machine_run_s: 1800 })]))(7) ?? '';
    expect(counted).toContain('<th>Machine</th><td>12 counted · 30 min run</td>');
    expect(tooltipFor(board([slot()]))(7) ?? '').not.toContain('Machine');
  });

  it('colours by lateness and highlights repair moves', () => {
    const late = slotItem(slot({ lateness_seconds: 3600 }), { mode: 'lateness', canEdit: false, highlight: new Set([186]) });
    expect(late.className).toContain('kp-op--late');
    expect(late.className).toContain('kp-op--moved');
    expect(late.style).toContain('#ffe3e3');
  });

  it('adds off-shift and downtime as background items of their rows', () => {
    const items = toItems(board([slot()]), { mode: 'job', canEdit: true });
    expect(items.filter((i) => i.type === 'background').map((i) => [i.group, i.className])).toEqual([
      [1, 'kp-off'],
      [2, 'kp-down'],
    ]);
  });
});

describe('localMoveRefusal', () => {
  const code = (id: number) => ({ 1: 'LAS-6K', 2: 'LAS-12K', 4: 'PUN-TP30' })[id] ?? '?';
  it('lets the server decide on an eligible work center', () => {
    expect(localMoveRefusal(slot(), 2, code)).toBeNull();
  });
  it('refuses an ineligible work center naming the eligible ones', () => {
    expect(localMoveRefusal(slot(), 4, code)).toBe('Laser cut cannot run on PUN-TP30. Eligible: LAS-6K, LAS-12K.');
  });
  it('refuses a department row and a locked slot', () => {
    expect(localMoveRefusal(slot(), 'd:laser', code)).toMatch(/work center row/);
    expect(localMoveRefusal(slot({ locked: true }), 2, code)).toMatch(/frozen/);
  });
});
