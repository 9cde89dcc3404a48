import { describe, expect, it } from 'vitest';
import { fmtShare } from './share';

describe('fmtShare', () => {
  it('prints whole sheets without decimals and shares to two decimals', () => {
    expect(fmtShare(2)).toBe('2');
    expect(fmtShare(0.7273)).toBe('0.73');
    expect(fmtShare(0.5)).toBe('0.5');
    expect(fmtShare(1.9999)).toBe('2');
    expect(fmtShare(0.2727 + 0.7273)).toBe('1');
  });
});
