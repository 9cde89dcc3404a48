// Editing an approval's proposed action before approving it ("edit" verdict): the form's draft
// per gate, the edited action sent to the server (the proposed action with the edited fields
// replaced), and client-side checks keyed like the server's field errors ("action.<field>",
// "action.windows/<i>/start"). Action shapes per gate: include/kerf/app/approval_service.h.
import { fromPlantInput, toPlantInput } from '../jobs/plantInput';

type Obj = Record<string, unknown>;

export interface WindowDraft {
  start: string; // plant wall clock "YYYY-MM-DDTHH:mm"
  end: string;
}

export interface ActionDraft {
  priority: string;
  windows: WindowDraft[];
  disposition: string;
  substituteMaterial: string;
  substituteThickness: string;
  reorderSheets: string;
  subject: string;
  body: string;
  newEta: string;
}

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

// The form's starting values: the proposed action.
export function draftOf(action: unknown): ActionDraft {
  const a = obj(action);
  const windows = Array.isArray(a.windows) ? a.windows : [];
  return {
    priority: text(a.priority),
    windows: windows.map((w) => ({ start: toPlantInput(text(obj(w).start)), end: toPlantInput(text(obj(w).end)) })),
    disposition: text(a.disposition) || 'release',
    substituteMaterial: text(a.substitute_material),
    substituteThickness: text(a.substitute_thickness_mm),
    reorderSheets: text(a.reorder_sheets),
    subject: text(a.subject),
    body: text(a.body),
    newEta: toPlantInput(text(a.new_eta)),
  };
}

// Hours covered by the windows that parse (the overtime the person approves).
export function windowHours(windows: readonly WindowDraft[]): number {
  let ms = 0;
  for (const w of windows) {
    const s = fromPlantInput(w.start);
    const e = fromPlantInput(w.end);
    if (s && e && e > s) ms += Date.parse(e) - Date.parse(s);
  }
  return ms / 3_600_000;
}

export interface EditResult {
  action: Obj;
  errors: Record<string, string>;
}

const isInt = (s: string) => /^\s*-?\d+\s*$/.test(s);

// The edited action for `gate` and the problems the form can see before sending it.
export function editedAction(gate: string, proposed: unknown, d: ActionDraft): EditResult {
  const action: Obj = { ...obj(proposed) };
  const errors: Record<string, string> = {};
  switch (gate) {
    case 'rush_order': {
      const p = Number(d.priority);
      if (!isInt(d.priority) || p < 1 || p > 5) errors['action.priority'] = 'a whole number from 1 (most urgent) to 5';
      else action.priority = p;
      break;
    }
    case 'overtime': {
      if (d.windows.length === 0) errors['action.windows'] = 'at least one window';
      action.windows = d.windows.map((w, i) => {
        const start = fromPlantInput(w.start);
        const end = fromPlantInput(w.end);
        if (!start) errors[`action.windows/${i}/start`] = 'a date and time';
        if (!end) errors[`action.windows/${i}/end`] = 'a date and time';
        else if (start && end <= start) errors[`action.windows/${i}/end`] = 'after the start';
        return { start: start ?? w.start, end: end ?? w.end };
      });
      break;
    }
    case 'quality_hold':
      if (d.disposition !== 'release' && d.disposition !== 'scrap') errors['action.disposition'] = 'release or scrap';
      action.disposition = d.disposition;
      break;
    case 'material_shortage': {
      if (d.substituteMaterial.trim() === '') errors['action.substitute_material'] = 'required';
      action.substitute_material = d.substituteMaterial.trim();
      const t = Number(d.substituteThickness);
      if (!(t > 0)) errors['action.substitute_thickness_mm'] = 'a thickness above 0';
      else action.substitute_thickness_mm = t;
      const n = Number(d.reorderSheets);
      if (d.reorderSheets.trim() !== '' && (!isInt(d.reorderSheets) || n < 0))
        errors['action.reorder_sheets'] = 'a whole number, 0 or more';
      else if (d.reorderSheets.trim() !== '') action.reorder_sheets = n;
      break;
    }
    case 'customer_escalation': {
      if (d.subject.trim() === '') errors['action.subject'] = 'required';
      if (d.body.trim() === '') errors['action.body'] = 'required';
      action.subject = d.subject;
      action.body = d.body;
      if (d.newEta.trim() !== '') {
        const eta = fromPlantInput(d.newEta);
        if (!eta) errors['action.new_eta'] = 'a date and time';
        else action.new_eta = eta;
      }
      break;
    }
    default:
      break;
  }
  return { action, errors };
}

// The action fields the editor has an input for, per gate (server errors for other fields are
// listed beside the form instead). "action.windows" covers "action.windows/0/start" etc.
const EDITABLE: Record<string, readonly string[]> = {
  rush_order: ['priority'],
  overtime: ['windows'],
  quality_hold: ['disposition'],
  material_shortage: ['substitute_material', 'substitute_thickness_mm', 'reorder_sheets'],
  customer_escalation: ['subject', 'body', 'new_eta'],
};

export function hasInput(gate: string, field: string): boolean {
  return (EDITABLE[gate] ?? []).some((f) => field === `action.${f}` || field.startsWith(`action.${f}/`));
}

// A verdict's comment rule (the server's too): required for reject and edit.
export function commentError(verdict: string, comment: string): string | null {
  if ((verdict === 'reject' || verdict === 'edit') && comment.trim() === '') return 'required to reject or edit';
  if (comment.length > 2000) return 'at most 2000 characters';
  return null;
}
