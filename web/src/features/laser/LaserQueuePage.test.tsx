import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { entry, nest } from './fixtures';

vi.mock('@tanstack/react-router', async (orig) =>
  (await import('../../test/router')).withPlainLink(await orig<typeof import('@tanstack/react-router')>()),
);

const { LaserQueuePage } = await import('./LaserQueuePage');

describe('LaserQueuePage', () => {
  it('shows each laser with its programs in order: sheet, heat lot, utilisation, times, state, jobs', async () => {
    mockFetch({
      'GET /api/v1/laser/queue': {
        body: {
          items: [
            entry(nest({ id: 1, program_name: 'N-1', state: 'started', cut_seconds_actual: 600 })),
            entry(nest({ id: 2, program_name: 'N-2', queue_position: 2, utilisation: 0.6 }), {
              job_numbers: ['J-1003'],
            }),
            entry(nest({ id: 3, program_name: 'N-9', work_center_id: null }), { planned_start: null }),
          ],
        },
      },
    });
    renderWithProviders(<LaserQueuePage />);
    const laser = await screen.findByTestId('laser-LAS-1');
    expect(within(laser).getByRole('heading', { name: 'LAS-1' })).toBeInTheDocument();
    const rows = within(laser).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['nest-N-1', 'nest-N-2']);
    const first = within(rows[0]!);
    expect(first.getByText('stainless_304 1.5 x 3000 x 1500')).toBeInTheDocument();
    expect(first.getByText(/H4417203-304/)).toBeInTheDocument();
    expect(first.getByText('82 %')).toBeInTheDocument();
    expect(first.getByText('30 min / 10 min')).toBeInTheDocument();
    expect(first.getByText('Cutting')).toBeInTheDocument();
    expect(first.getByRole('link', { name: 'J-1003' })).toHaveAttribute('href', '/jobs/3');
    expect(within(rows[1]!).getByText('60 %')).toBeInTheDocument();
    const unassigned = screen.getByTestId('laser-none');
    expect(within(unassigned).getByText('Not assigned to a laser')).toBeInTheDocument();
  });

  it('says so when the queue is empty', async () => {
    mockFetch({ 'GET /api/v1/laser/queue': { body: { items: [] } } });
    renderWithProviders(<LaserQueuePage />);
    expect(await screen.findByText('No programs in the queue.')).toBeInTheDocument();
  });
});
