import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import type { User } from '../types';
import { BadgeModal } from './BadgeModal';

const user: User = { id: 26, username: 'operator', display_name: 'Demo Operator', roles: ['operator'], active: true, version: 1 };

function fill(label: RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('BadgeModal', () => {
  it('refuses a short PIN without calling the server, then sets badge + PIN', async () => {
    const calls = mockFetch(() => ({ status: 200, body: { ...user, has_badge: true } }));
    const onClose = vi.fn();
    renderWithProviders(<BadgeModal user={user} onClose={onClose} />);
    fill(/^Badge number/, ' B-2001 ');
    fill(/^PIN/, '12');
    fill(/^Repeat PIN/, '12');
    fireEvent.click(screen.getByRole('button', { name: 'Set badge' }));
    expect(await screen.findByText('PIN must be 4 to 8 digits')).toBeInTheDocument();
    expect(calls).toHaveLength(0);

    fill(/^PIN/, '12a34');
    expect(screen.getByLabelText(/^PIN/)).toHaveValue('1234');
    expect(screen.getByLabelText(/^PIN/)).toHaveAttribute('type', 'password');
    fill(/^Repeat PIN/, '1234');
    fireEvent.click(screen.getByRole('button', { name: 'Set badge' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls).toMatchObject([{ method: 'PUT', path: '/api/v1/users/26/badge', body: { badge: 'B-2001', pin: '1234' } }]);
  });

  it('shows the server refusal at the badge field (409: another user has it)', async () => {
    mockFetch(() => ({
      status: 409,
      body: { title: 'Conflict', status: 409, detail: 'badge in use', errors: [{ field: 'badge', message: 'belongs to another user' }] },
    }));
    renderWithProviders(<BadgeModal user={user} onClose={vi.fn()} />);
    fill(/^Badge number/, 'B-1002');
    fill(/^PIN/, '5678');
    fill(/^Repeat PIN/, '5678');
    fireEvent.click(screen.getByRole('button', { name: 'Set badge' }));
    expect(await screen.findByText('belongs to another user')).toBeInTheDocument();
  });
});
