import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { StateTimeline, timelineBands } from './StateTimeline';

const items = [
  { from: '2026-11-29T05:00:00Z', to: '2026-11-29T07:00:00Z', state: 'UNKNOWN' as const, operation_id: null },
  { from: '2026-11-29T07:00:00Z', to: '2026-11-29T08:00:00Z', state: 'RUN' as const, operation_id: 4 },
  { from: '2026-11-29T08:00:00Z', to: null, state: 'DOWN' as const, operation_id: null },
];

describe('StateTimeline', () => {
  it('clips bands to the window and lets the open interval run to its end', () => {
    expect(timelineBands(items, '2026-11-29T06:00:00Z', '2026-11-29T09:00:00Z')).toEqual([
      [Date.parse('2026-11-29T06:00:00Z'), Date.parse('2026-11-29T07:00:00Z'), 5],
      [Date.parse('2026-11-29T07:00:00Z'), Date.parse('2026-11-29T08:00:00Z'), 0],
      [Date.parse('2026-11-29T08:00:00Z'), Date.parse('2026-11-29T09:00:00Z'), 4],
    ]);
  });

  it('names the time per state in words, and says when there is nothing', () => {
    renderWithProviders(<StateTimeline code="LAS-1" items={items} from="2026-11-29T06:00:00Z" to="2026-11-29T09:00:00Z" />);
    const el = screen.getByTestId('state-timeline');
    expect(el).toHaveAttribute('data-bands', '3');
    expect(el).toHaveTextContent(/RUN\s*1 h 0 min/);
    expect(el).toHaveTextContent(/DOWN\s*1 h 0 min/);
    renderWithProviders(<StateTimeline code="LAS-1" items={[]} from="2026-11-29T06:00:00Z" to="2026-11-29T09:00:00Z" />);
    expect(screen.getByText('No state recorded in this range.')).toBeInTheDocument();
  });
});
