// What an audit entry changed, in one line: "status: available → down, efficiency: 1 → 0.9".

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// The top-level members whose value differs between before and after (version left out).
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  if (!isObject(before) || !isObject(after)) return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== 'version');
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ field: k, from: before[k], to: after[k] }));
}

const short = (v: unknown): string => {
  if (v === undefined || v === null) return '∅';
  if (typeof v === 'string') return v.length > 24 ? `${v.slice(0, 23)}…` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.length}]`;
  return '{…}';
};

export function changeSummary(before: unknown, after: unknown, max = 3): string {
  const changes = fieldChanges(before, after);
  if (changes.length === 0) return '';
  const parts = changes.slice(0, max).map((c) => `${c.field}: ${short(c.from)} → ${short(c.to)}`);
  return changes.length > max ? `${parts.join(', ')} +${changes.length - max}` : parts.join(', ');
}
