import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { machineView } from './fixtures';

vi.mock('@tanstack/react-router', async (orig) =>
  (await import('../../test/router')).withPlainLink(await orig<typeof import('@tanstack/react-router')>()),
);
// The charts themselves need a canvas (not in jsdom); the cards' data attributes say what they got.
vi.mock('echarts-for-react/esm/core', () => ({ default: () => null }));
const { History } = await import('./MachinePage');

const losses = { equipment_failure_s: 3600, setup_s: 600, idling_s: 0, minor_stops_s: 0, reduced_speed_s: 0, defects_s: 0 };
const figures = { availability: 0.8, performance: 0.9, quality: 1, oee: 0.72, planned_s: 28800, good: 10, total: 10, losses };

describe('machine page history', () => {
  it('asks for the last 8 h by shift and renders timeline, signal band and OEE', async () => {
    const calls = mockFetch({
      'GET /api/v1/machines/4/timeline': {
        body: { items: [{ from: new Date(Date.now() - 3_600_000).toISOString(), to: null, state: 'RUN', operation_id: null }] },
      },
      'GET /api/v1/machines/4/signals': {
        body: { signal: 'current', bucket_s: 60, source: 'raw', points: [{ t: new Date().toISOString(), min: 1, max: 3, avg: 2, count: 4 }] },
      },
      'GET /api/v1/machines/4/oee': {
        body: { total: figures, buckets: [{ ...figures, from: '2026-11-29T06:00:00Z', to: '2026-11-29T14:00:00Z' }] },
      },
    });
    renderWithProviders(<History machine={machineView({ id: 4, code: 'WLD-1', department: 'welding' })} />);
    expect(await screen.findByTestId('oee-gauge')).toHaveAttribute('data-oee', '0.72');
    const gauge = screen.getByTestId('oee-gauge');
    expect(within(gauge).getByText('80 %')).toBeInTheDocument();
    expect(within(gauge).getByText('Availability')).toBeInTheDocument();
    expect(screen.getByTestId('oee-card')).toHaveTextContent('Planned production time 8 h 0 min');
    await waitFor(() => expect(screen.getByTestId('state-timeline')).toHaveAttribute('data-bands', '1'));
    expect(screen.getByTestId('signal-chart')).toHaveAttribute('data-points', '1');

    const q = (p: string) => new URLSearchParams(calls.find((c) => c.path.startsWith(p))!.path.split('?')[1]);
    const tl = q('/api/v1/machines/4/timeline');
    expect(Date.parse(tl.get('to')!) - Date.parse(tl.get('from')!)).toBe(8 * 3_600_000);
    expect(q('/api/v1/machines/4/signals').get('signal')).toBe('current');
    expect(q('/api/v1/machines/4/oee').get('bucket')).toBe('shift');
  });
});
