import { beforeAll, describe, expect, it } from 'vitest';
import { setPlantZone } from '../../lib/time';
import { commentError, draftOf, editedAction, windowHours } from './action';
import { actions } from './fixtures';

beforeAll(() => setPlantZone('Europe/Oslo'));

describe('editing an approval action', () => {
  it('starts from the proposed action, times in plant wall clock', () => {
    const d = draftOf(actions.overtime);
    expect(d.windows).toEqual([{ start: '2026-12-05T07:00', end: '2026-12-05T13:00' }]);
    expect(windowHours(d.windows)).toBe(6);
    expect(draftOf(actions.customer_escalation)).toMatchObject({ subject: 'Revised delivery for J-24080', newEta: '2026-12-02T11:00' });
    expect(draftOf(actions.rush_order).priority).toBe('1');
  });

  it('sends the proposed action with only the edited fields replaced', () => {
    const d = draftOf(actions.overtime);
    d.windows = [{ start: '2026-12-05T07:00', end: '2026-12-05T10:00' }];
    const r = editedAction('overtime', actions.overtime, d);
    expect(r.errors).toEqual({});
    expect(r.action).toEqual({
      department: 'Bending',
      work_center_ids: [5, 6],
      windows: [{ start: '2026-12-05T06:00:00Z', end: '2026-12-05T09:00:00Z' }],
    });
    const c = draftOf(actions.customer_escalation);
    const e = editedAction('customer_escalation', actions.customer_escalation, { ...c, body: 'New text' });
    expect(e.action).toMatchObject({ customer_id: 3, job_ids: [80], body: 'New text', new_eta: '2026-12-02T10:00:00Z' });
  });

  it('names the field of each problem like the server does', () => {
    const o = draftOf(actions.overtime);
    expect(editedAction('overtime', actions.overtime, { ...o, windows: [] }).errors).toEqual({ 'action.windows': 'at least one window' });
    expect(
      editedAction('overtime', actions.overtime, { ...o, windows: [{ start: '2026-12-05T10:00', end: '2026-12-05T09:00' }] }).errors,
    ).toEqual({ 'action.windows/0/end': 'after the start' });
    const r = draftOf(actions.rush_order);
    expect(editedAction('rush_order', actions.rush_order, { ...r, priority: '9' }).errors).toHaveProperty('action.priority');
    const m = draftOf(actions.material_shortage);
    expect(
      Object.keys(editedAction('material_shortage', actions.material_shortage, { ...m, substituteMaterial: ' ', substituteThickness: '0', reorderSheets: '-1' }).errors).sort(),
    ).toEqual(['action.reorder_sheets', 'action.substitute_material', 'action.substitute_thickness_mm']);
    const c = draftOf(actions.customer_escalation);
    expect(Object.keys(editedAction('customer_escalation', actions.customer_escalation, { ...c, subject: '', body: '' }).errors)).toEqual([
      'action.subject',
      'action.body',
    ]);
    expect(editedAction('quality_hold', actions.quality_hold, { ...draftOf(actions.quality_hold), disposition: 'scrap' }).action).toEqual({
      job_ids: [55, 56],
      disposition: 'scrap',
    });
  });

  it('requires a comment to reject or edit', () => {
    expect(commentError('approve', '')).toBeNull();
    expect(commentError('reject', '  ')).not.toBeNull();
    expect(commentError('edit', 'fewer hours')).toBeNull();
    expect(commentError('approve', 'x'.repeat(2001))).not.toBeNull();
  });
});
