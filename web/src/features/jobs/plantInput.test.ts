import { afterAll, describe, expect, it } from 'vitest';
import { setPlantZone } from '../../lib/time';
import { fromPlantInput, toPlantInput } from './plantInput';

describe('plant time inputs', () => {
  setPlantZone('Europe/Berlin');
  afterAll(() => setPlantZone('UTC'));

  it('converts plant wall time to UTC across DST', () => {
    expect(fromPlantInput('2026-12-05T15:00')).toBe('2026-12-05T14:00:00Z');
    expect(fromPlantInput('2026-07-01T08:30')).toBe('2026-07-01T06:30:00Z');
    expect(fromPlantInput('2026-12-05')).toBe('2026-12-04T23:00:00Z');
    expect(fromPlantInput('nonsense')).toBeNull();
    expect(fromPlantInput('')).toBeNull();
  });

  it('shows an instant as plant wall time', () => {
    expect(toPlantInput('2026-12-05T14:00:00Z')).toBe('2026-12-05T15:00');
    expect(toPlantInput('2026-07-01T06:30:00Z')).toBe('2026-07-01T08:30');
    expect(toPlantInput(null)).toBe('');
  });
});
