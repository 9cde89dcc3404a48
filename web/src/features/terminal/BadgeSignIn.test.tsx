import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { BadgeSignIn } from './BadgeSignIn';

function enter(badge: string, pin: string) {
  fireEvent.change(screen.getByLabelText('Badge'), { target: { value: badge } });
  for (const d of pin) fireEvent.click(screen.getByRole('button', { name: d }));
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('BadgeSignIn', { timeout: 20_000 }, () => {
  it('sends the badge and the PIN typed on the keypad', async () => {
    const calls = mockFetch({
      'POST /api/v1/auth/badge': { body: { token: 'x', user: { id: 26, username: 'operator', roles: ['operator'] } } },
    });
    renderWithProviders(<BadgeSignIn />);
    enter(' B-1001 ', '1234');
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toEqual({ badge: 'B-1001', pin: '1234' });
    expect(calls[0]!.headers.get('X-Kerf-Csrf')).toBe('1');
  });

  it('says plainly that the badge or PIN was wrong and clears the PIN', async () => {
    mockFetch({ 'POST /api/v1/auth/badge': { status: 401, body: { title: 'Unauthorized', status: 401, detail: 'invalid badge or PIN' } } });
    renderWithProviders(<BadgeSignIn />);
    enter('B-1001', '9999');
    expect(await screen.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent('Badge or PIN not recognised');
    expect(screen.getByTestId('pin-dots')).toHaveAccessibleName('No digits entered');
  });

  it('shows the wait from Retry-After when throttled and blocks the button', async () => {
    mockFetch({
      'POST /api/v1/auth/badge': { status: 429, headers: { 'Retry-After': '60' }, body: { title: 'Too Many Requests', status: 429 } },
    });
    renderWithProviders(<BadgeSignIn />);
    enter('B-1001', '1234');
    expect(await screen.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(/Wait (60|59) seconds/);
    for (const d of '1234') fireEvent.click(screen.getByRole('button', { name: d }));
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  });
});
