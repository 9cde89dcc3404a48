import { describe, expect, it } from 'vitest';
import { changeSummary, fieldChanges } from './changes';

describe('audit changes', () => {
  it('lists changed top-level members, version left out', () => {
    const before = { status: 'available', version: 1, caps: { t: 1 }, name: 'x' };
    const after = { status: 'down', version: 2, caps: { t: 2 }, name: 'x' };
    expect(fieldChanges(before, after).map((c) => c.field)).toEqual(['status', 'caps']);
    expect(changeSummary(before, after)).toBe('status: available → down, caps: {…} → {…}');
  });
  it('is empty for a creation or anything not an object', () => {
    expect(changeSummary(null, { a: 1 })).toBe('');
    expect(fieldChanges([1], [2])).toEqual([]);
  });
  it('caps the summary and says how many more', () => {
    expect(changeSummary({ a: 1, b: 1, c: 1, d: 1 }, { a: 2, b: 2, c: 2, d: 2 }, 2)).toBe('a: 1 → 2, b: 1 → 2 +2');
  });
});
