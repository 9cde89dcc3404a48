// Live progress of one scheduler run from the events socket (schedule.run.progress with its
// run_id). Null until the first progress event of that run arrives.
import { useEffect, useState } from 'react';
import { onEvent } from '../../api/events';

export interface RunProgress {
  percent: number;
  best: number | null;
}

export function useRunProgress(runId: number | null): RunProgress | null {
  const [progress, setProgress] = useState<RunProgress | null>(null);
  useEffect(() => {
    setProgress(null);
    if (runId === null) return;
    return onEvent((e) => {
      if (e.topic !== 'schedule.run.progress' || e.payload.run_id !== runId) return;
      const percent = Number(e.payload.percent);
      const best = typeof e.payload.best === 'number' ? e.payload.best : null;
      setProgress((p) => ({
        percent: Number.isFinite(percent) ? Math.max(p?.percent ?? 0, Math.min(100, percent)) : (p?.percent ?? 0),
        best,
      }));
    });
  }, [runId]);
  return progress;
}
