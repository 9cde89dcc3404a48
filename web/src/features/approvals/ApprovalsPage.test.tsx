import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setPlantZone } from '../../lib/time';
import { mockFetch, type Call } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { approval, me } from './fixtures';

vi.mock('@tanstack/react-router', async (orig) =>
  (await import('../../test/router')).withPlainLink(await orig<typeof import('@tanstack/react-router')>()),
);
vi.mock('echarts-for-react/esm/core', () => ({ default: () => null }));

const { ApprovalsPage } = await import('./ApprovalsPage');

beforeAll(() => setPlantZone('UTC'));

const query = (c: Call) => new URL(`http://x${c.path}`).searchParams;

describe('ApprovalsPage', () => {
  it('lists pending approvals with their evidence and lets the routed role decide', async () => {
    const rush = approval('rush_order', { id: 7, title: 'Rush J-24090 moves 4 jobs' });
    const overtime = approval('overtime', { id: 8, title: 'Bending needs 12.5 h overtime' });
    const calls = mockFetch({
      'GET /api/v1/auth/me': { body: me(['planner']) },
      'GET /api/v1/approvals/counts': { body: { pending: 2, by_gate: { rush_order: 1, overtime: 1 } } },
      'GET /api/v1/approvals': (c) =>
        query(c).get('status') === 'pending' ? { body: { items: [rush, overtime], total: 2 } } : { body: { items: [], total: 0 } },
    });
    renderWithProviders(<ApprovalsPage />);
    const card = await screen.findByTestId('approval-7');
    expect(within(card).getByRole('heading', { name: 'Rush J-24090 moves 4 jobs' })).toBeInTheDocument();
    expect(within(card).getByText('Rush order')).toBeInTheDocument();
    expect(within(card).getByText('For Planner')).toBeInTheDocument();
    expect(within(card).getByTestId('whatif-metrics')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Show the agent thread' })).toHaveAttribute('href', '/agents/threads/scheduler%2Fevt-rush_order');
    // A planner decides the rush order, not the lead's overtime.
    expect(await within(card).findByRole('button', { name: 'Approve' })).toBeInTheDocument();
    const other = screen.getByTestId('approval-8');
    expect(within(other).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(other).getByText('Only the routed role or an admin may decide this.')).toBeInTheDocument();
    // Counts per gate on the filter.
    expect(screen.getByText('Rush order (1)')).toBeInTheDocument();
    const list = calls.find((c) => c.path.startsWith('/api/v1/approvals?'));
    expect(query(list!).get('status')).toBe('pending');
    expect(query(list!).get('order')).toBe('desc');
  });

  it('filters by gate and shows decided approvals of every decided status, newest first', async () => {
    const approved = approval('rush_order', {
      id: 3,
      status: 'approved',
      verdict: 'approve',
      decided_by: 'planner',
      decided_at: '2026-11-29T11:00:00Z',
      created_at: '2026-11-29T09:00:00Z',
      title: 'older approved',
    });
    const rejected = approval('rush_order', {
      id: 4,
      status: 'rejected',
      verdict: 'reject',
      comment: 'customer can wait',
      decided_by: 'admin',
      decided_at: '2026-11-29T12:00:00Z',
      created_at: '2026-11-29T10:00:00Z',
      title: 'newer rejected',
    });
    const calls = mockFetch({
      'GET /api/v1/auth/me': { body: me(['planner']) },
      'GET /api/v1/approvals/counts': { body: { pending: 0, by_gate: {} } },
      'GET /api/v1/approvals': (c) => {
        const s = query(c).get('status');
        const items = s === 'approved' ? [approved] : s === 'rejected' ? [rejected] : [];
        return { body: { items, total: items.length } };
      },
    });
    renderWithProviders(<ApprovalsPage />);
    expect(await screen.findByText('Nothing waits for a decision.')).toBeInTheDocument();
    await userEvent.click(screen.getByText('Rush order'));
    await userEvent.click(screen.getByRole('tab', { name: 'Decided' }));
    const list = await screen.findByTestId('approvals-decided');
    const titles = within(list).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(titles).toEqual(['newer rejected', 'older approved']);
    const decided = within(list).getByTestId('decided-4');
    expect(decided).toHaveTextContent('Rejected');
    expect(decided).toHaveTextContent('admin · Sun 29 Nov, 12:00');
    expect(decided).toHaveTextContent('“customer can wait”');
    const statuses = calls.filter((c) => c.path.startsWith('/api/v1/approvals?') && query(c).get('gate') === 'rush_order').map((c) => query(c).get('status'));
    expect(new Set(statuses)).toEqual(new Set(['pending', 'approved', 'rejected', 'failed', 'expired']));
  });
});
