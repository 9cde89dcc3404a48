import { describe, expect, it } from 'vitest';
import { parseScan } from './scan';

describe('parseScan', () => {
  it('reads operation codes in any case, with or without the dash', () => {
    expect(parseScan('OP-1234')).toEqual({ kind: 'operation', id: 1234 });
    expect(parseScan(' op-7 ')).toEqual({ kind: 'operation', id: 7 });
    expect(parseScan('OP42')).toEqual({ kind: 'operation', id: 42 });
  });
  it('treats anything else as a job number, upper-cased', () => {
    expect(parseScan('j-24001')).toEqual({ kind: 'job', number: 'J-24001' });
    expect(parseScan('OP-12X')).toEqual({ kind: 'job', number: 'OP-12X' });
  });
  it('ignores blank input', () => {
    expect(parseScan('   ')).toBeNull();
  });
});
