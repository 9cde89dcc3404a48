import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { entry, nest } from './fixtures';

vi.mock('@tanstack/react-router', async (orig) =>
  (await import('../../test/router')).withPlainLink(await orig<typeof import('@tanstack/react-router')>()),
);

const { LaserQueuePage } = await import('./LaserQueuePage');

const me = (roles: string[]) => ({
  id: 1,
  username: 'u',
  roles,
  station: false,
  idle_timeout_s: 43200,
  expires: '2026-11-30T00:00:00Z',
  plant_time_zone: 'UTC',
});

const queue = {
  body: {
    items: [
      entry(nest({ id: 1, program_name: 'N-1', state: 'posted' })),
      entry(nest({ id: 2, program_name: 'N-2', state: 'started' })),
    ],
  },
};

describe('NestActions', () => {
  it('offers the actions each state allows and starts a posted program as an operator', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/me': { body: me(['operator']) },
      'GET /api/v1/laser/queue': queue,
      'POST /api/v1/nests/1/start': { body: nest({ id: 1, program_name: 'N-1', state: 'started' }) },
    });
    renderWithProviders(<LaserQueuePage />);
    const posted = within(await screen.findByTestId('nest-N-1'));
    expect(await posted.findByRole('button', { name: 'Start N-1' })).toBeInTheDocument();
    expect(posted.getByRole('button', { name: 'Delete N-1' })).toBeInTheDocument();
    expect(posted.queryByRole('button', { name: 'Done N-1' })).toBeNull();
    const started = within(screen.getByTestId('nest-N-2'));
    expect(started.getByRole('button', { name: 'Stop N-2' })).toBeInTheDocument();
    expect(started.getByRole('button', { name: 'Done N-2' })).toBeInTheDocument();
    expect(started.queryByRole('button', { name: 'Delete N-2' })).toBeNull();
    await userEvent.click(posted.getByRole('button', { name: 'Start N-1' }));
    expect(await screen.findByText('Program N-1 started.')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/nests/1/start')).toBe(true);
  });

  it('shows the server error of a refused action', async () => {
    mockFetch({
      'GET /api/v1/auth/me': { body: me(['operator']) },
      'GET /api/v1/laser/queue': queue,
      'POST /api/v1/nests/2/stop': {
        status: 409,
        body: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'program N-2 is cut; only a started program can be stopped' },
      },
    });
    renderWithProviders(<LaserQueuePage />);
    const started = within(await screen.findByTestId('nest-N-2'));
    await userEvent.click(await started.findByRole('button', { name: 'Stop N-2' }));
    expect(await screen.findByText(/only a started program can be stopped/)).toBeInTheDocument();
  });
});
