import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { EfficiencyPage, plantToday } from './EfficiencyPage';

describe('EfficiencyPage', () => {
  it('asks for the last 30 plant days and shows the chart, the overall figure and the rows', async () => {
    const calls = mockFetch((call) => {
      const url = new URL(call.path, 'http://x');
      return {
        body: {
          from: url.searchParams.get('from'),
          to: url.searchParams.get('to'),
          goal_now: 0.75,
          goal_target: 0.85,
          items: [
            {
              day: url.searchParams.get('to'),
              material: 'stainless_304',
              thickness_mm: 1.5,
              programs: 3,
              sheets: 4,
              utilisation: 0.78,
              scrap_fraction: 0.22,
            },
          ],
        },
      };
    });
    renderWithProviders(<EfficiencyPage />);
    const table = await screen.findByTestId('efficiency-table');
    expect(within(table).getByText('stainless 304 1.5 mm')).toBeInTheDocument();
    expect(within(table).getByText('78 %')).toBeInTheDocument();
    expect(screen.getByTestId('efficiency-overall')).toHaveTextContent('78 %');
    expect(screen.getByTestId('efficiency-chart')).toHaveAttribute('data-series', '1');
    const q = new URL(calls[0]!.path, 'http://x').searchParams;
    expect(q.get('to')).toBe(plantToday());
    expect((Date.parse(q.get('to')!) - Date.parse(q.get('from')!)) / 86_400_000).toBe(29);
  });
});
