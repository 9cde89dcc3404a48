import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { machineView } from './fixtures';
import { MachineTile } from './MachineTile';

// The tiles link with TanStack Router's <Link>; outside a router it renders a plain anchor.
vi.mock('@tanstack/react-router', async (orig) =>
  (await import('../../test/router')).withPlainLink(await orig<typeof import('@tanstack/react-router')>()),
);

const { MachinesPage } = await import('./MachinesPage');

const running = machineView({
  id: 7,
  code: 'LAS-1',
  name: 'Fiber laser 1',
  state: 'RUN',
  state_since: '2026-11-29T10:00:00Z',
  program: 'O1234',
  current_operation: {
    id: 11,
    job_id: 3,
    job_number: 'J-1003',
    part_number: 'BRK-100',
    sequence: 10,
    qty_planned: 40,
    machine_qty: 10,
    planned_run_s: 3600,
    actual_run_s: 900,
  },
  parts_today: 12,
  oee_today: { availability: 0.9, performance: 0.95, quality: 1, oee: 0.855 },
});
const down = machineView({
  id: 8,
  code: 'PUN-1',
  department: 'punch',
  state: 'DOWN',
  state_since: '2026-11-29T09:00:00Z',
  alarm: { code: 'E42', text: 'Clamp pressure low' },
});
const unknown = machineView({ id: 9, code: 'WLD-1', department: 'welding' });

describe('MachineTile', () => {
  it('shows the state word, ticking time in state, the job with parts vs planned, OEE', () => {
    renderWithProviders(<MachineTile machine={running} now={Date.parse('2026-11-29T10:04:07Z')} />);
    const tile = screen.getByTestId('machine-tile-LAS-1');
    expect(tile).toHaveAttribute('aria-label', 'LAS-1: Running');
    expect(within(tile).getByTestId('tile-state')).toHaveTextContent('RUN');
    expect(within(tile).getByTestId('tile-since')).toHaveTextContent('4:07');
    expect(tile).toHaveTextContent('J-1003');
    expect(tile).toHaveTextContent('BRK-100');
    expect(tile).toHaveTextContent('Op 10');
    expect(within(tile).getByTestId('tile-parts')).toHaveTextContent('10 / 40');
    expect(within(tile).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
    expect(within(tile).getByTestId('tile-oee')).toHaveTextContent('86 %');
    expect(within(tile).getByRole('link', { name: 'Open machine LAS-1' })).toHaveAttribute('href', '/machines/7');
  });

  it('shows the alarm and no job on a machine that is down; UNKNOWN has no clock', () => {
    renderWithProviders(
      <>
        <MachineTile machine={down} now={Date.parse('2026-11-29T10:00:00Z')} />
        <MachineTile machine={unknown} now={0} />
      </>,
    );
    const tile = screen.getByTestId('machine-tile-PUN-1');
    expect(within(tile).getByRole('note', { name: 'Alarm' })).toHaveTextContent('E42 Clamp pressure low');
    expect(tile).toHaveTextContent('No operation running');
    expect(within(tile).getByTestId('tile-since')).toHaveTextContent('1:00:00');
    const u = screen.getByTestId('machine-tile-WLD-1');
    expect(u).toHaveAttribute('data-state', 'UNKNOWN');
    expect(within(u).getByTestId('tile-state')).toHaveTextContent('UNKNOWN');
    expect(within(u).queryByTestId('tile-since')).toBeNull();
  });
});

describe('MachinesPage', () => {
  it('groups tiles by department and filters by state', async () => {
    mockFetch({ 'GET /api/v1/machines': { body: { items: [unknown, down, running] } } });
    renderWithProviders(<MachinesPage />);
    const laser = await screen.findByRole('region', { name: 'Laser' });
    expect(within(laser).getByTestId('machine-tile-LAS-1')).toBeInTheDocument();
    const regions = screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'));
    expect(regions).toEqual(['Laser', 'Punch', 'Welding']);
    expect(screen.getByTestId('state-summary')).toHaveTextContent('3 machines');

    await userEvent.click(screen.getByRole('combobox', { name: 'State' }));
    await userEvent.click(await screen.findByRole('option', { name: 'DOWN · 1', hidden: true }));
    expect(screen.queryByTestId('machine-tile-LAS-1')).toBeNull();
    expect(screen.getByTestId('machine-tile-PUN-1')).toBeInTheDocument();
    expect(screen.getByTestId('state-summary')).toHaveTextContent('1 of 3 machines');
  });

  it('says how to add machines when there are none', async () => {
    mockFetch({ 'GET /api/v1/machines': { body: { items: [] } } });
    renderWithProviders(<MachinesPage />);
    expect(await screen.findByText(/An admin adds them under Admin › Machines/)).toBeInTheDocument();
  });
});
