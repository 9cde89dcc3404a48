import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { ImportCsvModal } from './ImportCsvModal';

const csv =
  'number,part_number,customer_code,quantity,due\n' +
  'J-1,PTT-1200x600-S4,C-001,5,2026-12-20\n' +
  'J-2,NOPE,C-001,abc,2026-12-20\n';

const renderModal = () => renderWithProviders(<ImportCsvModal opened onClose={() => {}} />);

describe('ImportCsvModal', () => {
  it('posts the file as text/csv and highlights the rejected row with its messages', async () => {
    const calls = mockFetch({
      'POST /api/v1/jobs/import.csv': {
        status: 400,
        body: {
          title: 'Bad Request',
          status: 400,
          detail: 'import rejected: 2 error(s)',
          errors: [
            { field: 'rows/3/quantity', message: 'not an integer: abc' },
            { field: 'rows/3/part_number', message: 'part NOPE not found' },
          ],
        },
      },
    });
    renderModal();
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await userEvent.upload(input, new File([csv], 'jobs.csv', { type: 'text/csv' }));
    await screen.findByText('2 rows in the file');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));

    await screen.findByText(/Nothing was imported: 2 error/);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe('/api/v1/jobs/import.csv');
    expect(calls[0]!.headers.get('Content-Type')).toBe('text/csv');
    expect(calls[0]!.body).toBe(csv);

    const bad = document.querySelector('tr[data-error="true"]') as HTMLElement;
    expect(within(bad).getByText('3')).toBeInTheDocument();
    expect(within(bad).getByText('quantity: not an integer: abc')).toBeInTheDocument();
    expect(within(bad).getByText('part_number: part NOPE not found')).toBeInTheDocument();
    expect(document.querySelectorAll('tr[data-error="true"]')).toHaveLength(1);
  });

  it('reports how many jobs a successful import created', async () => {
    mockFetch({ 'POST /api/v1/jobs/import.csv': { status: 201, body: { items: [{ id: 1 }, { id: 2 }], total: 2 } } });
    renderModal();
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await userEvent.upload(input, new File([csv], 'jobs.csv', { type: 'text/csv' }));
    await screen.findByText('2 rows in the file');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findAllByText('2 jobs imported')).not.toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
  });
});
