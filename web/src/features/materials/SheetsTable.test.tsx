import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import type { SheetRow } from './SheetsTable';

// The heat-lot links use TanStack Router's <Link>; outside a router it renders a plain anchor.
vi.mock('@tanstack/react-router', async (orig) =>
  (await import('../../test/router')).withPlainLink(await orig<typeof import('@tanstack/react-router')>()),
);

const { SheetsTable } = await import('./SheetsTable');

function row(id: number, over: Partial<SheetRow> = {}): SheetRow {
  return {
    id,
    material: 'stainless_304',
    thickness_mm: 1.5,
    length_mm: 3000,
    width_mm: 1500,
    quantity: 1,
    location: 'A1',
    heat_lot_id: 1,
    is_remnant: false,
    parent_sheet_id: null,
    version: 1,
    group: 'stainless_304|1.5',
    lot: undefined,
    sigmanestName: undefined,
    ...over,
  };
}

describe('SheetsTable', () => {
  it('names a Sigmanest remnant under its badge, and only that one', () => {
    renderWithProviders(
      <SheetsTable
        rows={[
          row(1),
          row(2, { is_remnant: true, parent_sheet_id: 1, length_mm: 1200, width_mm: 600, sigmanestName: 'R-N-0042' }),
          row(3, { is_remnant: true, parent_sheet_id: 1, length_mm: 800, width_mm: 400 }),
        ]}
      />,
    );
    const names = screen.getAllByTestId('sigmanest-name');
    expect(names).toHaveLength(1);
    expect(names[0]).toHaveTextContent('Sigmanest R-N-0042');
    expect(screen.getAllByText('Remnant')).toHaveLength(2);
  });
});
