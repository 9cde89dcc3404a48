import { describe, expect, it } from 'vitest';
import { mayCall } from './session';

describe('mayCall', () => {
  it('follows the server permission table from openapi.json', () => {
    expect(mayCall(['planner'], 'POST /api/v1/schedule/runs')).toBe(true);
    expect(mayCall(['operator'], 'POST /api/v1/schedule/runs')).toBe(false);
    expect(mayCall(['operator'], 'POST /api/v1/operations/{id}/start')).toBe(true);
    expect(mayCall(['admin'], 'POST /api/v1/schedule/runs')).toBe(true);
    expect(mayCall(['quality'], 'GET /api/v1/auth/me')).toBe(true);
    expect(mayCall(['planner'], 'GET /api/v1/no-such-route')).toBe(false);
  });
});
