// Resolves a scanned code to an operation for this work center: `OP-<id>` directly; a job
// number to its open operation in this work center's department (or a choice when several).
import { useState } from 'react';
import { t } from '../../i18n';
import type { Operation, WorkCenter } from '../departments/types';
import type { Feedback } from './feedback';
import { actionError } from './feedback';
import { parseScan } from './scan';
import { findJobByNumber, getOperation, isNotFound } from './terminalApi';

export interface ScanResult {
  busy: boolean;
  choices: Operation[] | null;
  scan: (raw: string) => Promise<void>;
  clearChoices: () => void;
}

export function useScan(wc: WorkCenter, open: (opId: number) => void, feedback: (f: Feedback | null) => void): ScanResult {
  const [busy, setBusy] = useState(false);
  const [choices, setChoices] = useState<Operation[] | null>(null);
  const k = t.terminal;
  const scan = async (raw: string) => {
    const code = parseScan(raw);
    if (!code) return;
    setBusy(true);
    setChoices(null);
    feedback(null);
    try {
      if (code.kind === 'operation') {
        try {
          const op = await getOperation(code.id);
          open(op.id);
          if (op.department !== wc.department) {
            feedback({ kind: 'error', message: k.otherDept(t.departments.names[op.department] ?? op.department) });
          }
        } catch (e) {
          if (isNotFound(e)) feedback({ kind: 'error', message: k.notFound(raw.trim()) });
          else throw e;
        }
        return;
      }
      const job = await findJobByNumber(code.number);
      if (!job) {
        feedback({ kind: 'error', message: k.notFound(raw.trim()) });
        return;
      }
      const open_ = (job.operations ?? []).filter((o) => o.status !== 'complete');
      const here = open_.filter((o) => o.eligible_work_center_ids.includes(wc.id));
      const candidates = here.length > 0 ? here : open_.filter((o) => o.department === wc.department);
      if (candidates.length === 1) open(candidates[0]!.id);
      else if (candidates.length > 1) setChoices(candidates);
      else feedback({ kind: 'error', message: k.noOpHere(job.number, wc.code) });
    } catch (e) {
      feedback({ kind: 'error', message: actionError(e) });
    } finally {
      setBusy(false);
    }
  };
  return { busy, choices, scan, clearChoices: () => setChoices(null) };
}
