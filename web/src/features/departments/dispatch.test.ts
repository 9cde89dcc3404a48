import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/problem';
import { fetchDispatch } from './dispatch';
import { mockFetch } from '../../test/fetch';

describe('fetchDispatch', () => {
  it('returns the items of the dispatch route, asking for the limit', async () => {
    const item = { operation_id: 5, job_number: 'J-24001' };
    const calls = mockFetch({ 'GET /api/v1/work-centers/1/dispatch': { body: { items: [item], total: 1 } } });
    expect(await fetchDispatch(1, 20)).toEqual([item]);
    expect(calls[0]?.path).toBe('/api/v1/work-centers/1/dispatch?limit=20');
  });
  it('reports an unknown work center (404) as an error', async () => {
    mockFetch({});
    await expect(fetchDispatch(99)).rejects.toSatisfy((e) => e instanceof ApiError && e.status === 404);
  });
});
