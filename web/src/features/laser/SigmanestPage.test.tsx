import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { outbound, status } from './fixtures';
import { SigmanestPage } from './SigmanestPage';

const me = (roles: string[]) => ({
  id: 1,
  username: 'u',
  roles,
  station: false,
  idle_timeout_s: 43200,
  expires: '2026-11-30T00:00:00Z',
  plant_time_zone: 'UTC',
});

const page = (items: unknown[]) => ({ body: { items, total: items.length } });

describe('SigmanestPage', () => {
  it('shows the stopped banner, counts per status and retries a failed row as a planner', async () => {
    const failed = outbound({ id: 9, trans_id: 'K00009', status: 'failed', error: 'ErrorTag=1', attempts: 2 });
    const calls = mockFetch({
      'GET /api/v1/auth/me': { body: me(['planner']) },
      'GET /api/v1/sigmanest/status': { body: status({ simtrans_stopped: true, oldest_sent_age_s: 900 }) },
      'GET /api/v1/sigmanest/outbound': page([failed, outbound()]),
      'POST /api/v1/sigmanest/outbound/9/retry': { body: { ...failed, status: 'queued' } },
    });
    renderWithProviders(<SigmanestPage />);
    const banner = await screen.findByTestId('simtrans-stopped', {}, { timeout: 5000 });
    expect(banner).toHaveTextContent('SimTrans looks stopped');
    expect(banner).toHaveTextContent('15 min');
    expect(screen.getByTestId('outbound-counts')).toHaveTextContent('Failed 1');
    const row = await screen.findByTestId('outbound-K00009');
    expect(within(row).getByText('ErrorTag=1')).toBeInTheDocument();
    expect(within(screen.getByTestId('outbound-K00001')).queryByRole('button')).toBeNull();
    await userEvent.click(within(row).getByRole('button', { name: 'Retry row K00009' }));
    expect(await screen.findByText('Row K00009 queued again.')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/sigmanest/outbound/9/retry')).toBe(true);
  });

  it('offers no retry to a role that may not, and shows the sync log tab', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': { body: me(['operator']) },
      'GET /api/v1/sigmanest/status': { body: status() },
      'GET /api/v1/sigmanest/outbound': page([outbound({ id: 9, trans_id: 'K00009', status: 'failed' })]),
      'GET /api/v1/sigmanest/sync-log': page([
        {
          id: 1,
          at: '2026-11-29T10:00:00Z',
          direction: 'import',
          kind: 'SN100',
          external_ref: 'N-304-1.5-0001',
          entity: 'nest',
          entity_id: 4,
          status: 'ok',
          message: 'program posted',
        },
      ]),
    });
    renderWithProviders(<SigmanestPage />);
    const row = await screen.findByTestId('outbound-K00009');
    expect(within(row).queryByRole('button')).toBeNull();
    expect(screen.queryByTestId('simtrans-stopped')).toBeNull();
    await userEvent.click(screen.getByRole('tab', { name: 'Sync log' }));
    const log = await screen.findByTestId('sync-log-table');
    expect(within(log).getByText('N-304-1.5-0001')).toBeInTheDocument();
    expect(within(log).getByText('In (feedback)')).toBeInTheDocument();
    const logCall = calls.find((c) => c.path.startsWith('/api/v1/sigmanest/sync-log'));
    expect(logCall?.path).toContain('order=desc');
  });
});
