// Pure helpers of the agents screen: the breakers of the status document (read defensively:
// per agent either "open"/"closed" or {state, failures, open_until}) and JSON shown in traces.

export interface BreakerRow {
  agent: string;
  open: boolean;
  failures: number | null;
  openUntil: string;
}

// The breakers of GET /agents/status, open ones first.
export function breakerRows(breakers: unknown): BreakerRow[] {
  if (typeof breakers !== 'object' || breakers === null) return [];
  const rows: BreakerRow[] = [];
  const push = (agent: string, v: unknown) => {
    if (typeof v === 'string') {
      rows.push({ agent, open: v === 'open', failures: null, openUntil: '' });
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    const state = typeof o.state === 'string' ? o.state : typeof o.status === 'string' ? o.status : '';
    rows.push({
      agent: typeof o.agent === 'string' ? o.agent : agent,
      open: state === 'open' || o.open === true,
      failures: typeof o.failures === 'number' ? o.failures : typeof o.consecutive_failures === 'number' ? o.consecutive_failures : null,
      openUntil: typeof o.open_until === 'string' ? o.open_until : '',
    });
  };
  if (Array.isArray(breakers)) breakers.forEach((b, i) => push(String(i), b));
  else for (const [k, v] of Object.entries(breakers)) push(k, v);
  return rows.sort((a, b) => Number(b.open) - Number(a.open) || a.agent.localeCompare(b.agent));
}

// JSON for a <Code block>: strings as they are, everything else indented; '' for nothing.
export function pretty(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
}

// True when a JSON value has something to show.
export function present(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}
