import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { ReceiveStockModal } from './ReceiveStockModal';

const lots = {
  items: [
    { id: 1, number: 'H1-S4', material: 'stainless_304', supplier: 'Aperam', mill_cert_ref: 'M1', received: '2026-08-05T13:00:00Z', version: 1 },
  ],
  total: 1,
};

describe('ReceiveStockModal', () => {
  it('shows the server field errors under their fields', async () => {
    const calls = mockFetch({
      'GET /api/v1/materials/heat-lots': { body: lots },
      'POST /api/v1/materials/receive': {
        status: 400,
        body: {
          title: 'Bad Request',
          status: 400,
          errors: [
            { field: 'location', message: 'is required' },
            { field: 'heat_number', message: 'must not be empty' },
          ],
        },
      },
    });
    renderWithProviders(<ReceiveStockModal opened onClose={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Receive stock' }));
    expect(await screen.findByText('must not be empty')).toBeInTheDocument();
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toContain('POST /api/v1/materials/receive');
  });
});
