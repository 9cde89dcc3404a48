import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import type { Calendar } from '../types';
import { CalendarEditor } from './CalendarEditor';

const shift = { name: 'day', start_minute: 420, end_minute: 930, breaks: [{ start_minute: 720, end_minute: 750 }] };
const calendar: Calendar = {
  id: 3,
  name: 'Day shift Mon-Fri',
  week: [[shift], [shift], [shift], [shift], [shift], [], []],
  holidays: ['2026-12-24'],
  overtime: [],
  version: 4,
};


function addHoliday(date: string) {
  fireEvent.change(screen.getByLabelText('Holiday date'), { target: { value: date } });
  fireEvent.click(screen.getByRole('button', { name: 'Add holiday' }));
}

describe('CalendarEditor', () => {
  it('saves the whole calendar with the version it read', async () => {
    const calls = mockFetch(() => ({ status: 200, body: { ...calendar, version: 5 } }));
    renderWithProviders(<CalendarEditor calendar={calendar} canWrite reload={vi.fn()} />);
    expect(screen.getByText('40.0 working hours per week')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save calendar' })).toBeDisabled();
    addHoliday('2027-03-15');
    fireEvent.click(screen.getByRole('button', { name: 'Save calendar' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/api/v1/calendars/3');
    expect(put.body).toMatchObject({ name: 'Day shift Mon-Fri', holidays: ['2026-12-24', '2027-03-15'], version: 4 });
  });

  it('on 409 loads the latest version and replaces the draft', async () => {
    mockFetch(() => ({ status: 409, body: { title: 'Conflict', status: 409, detail: 'stale version' } }));
    const latest = { ...calendar, holidays: ['2026-12-24', '2026-12-31'], version: 5 };
    const reload = vi.fn(async () => latest);
    renderWithProviders(<CalendarEditor calendar={calendar} canWrite reload={reload} />);
    addHoliday('2027-03-15');
    fireEvent.click(screen.getByRole('button', { name: 'Save calendar' }));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(await screen.findByText(/latest version is loaded/)).toBeInTheDocument();
    await waitFor(() => expect(document.querySelector('[data-holiday="2027-03-15"]')).toBeNull());
    expect(document.querySelector('[data-holiday="2026-12-31"]')).not.toBeNull();
  });

  it('shows a bad time at its input and does not save', async () => {
    const calls = mockFetch(() => ({ status: 200, body: calendar }));
    renderWithProviders(<CalendarEditor calendar={calendar} canWrite reload={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('End'), { target: { value: '25:00' } });
    expect(screen.getByText('Use HH:MM (00:00–24:00)')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Shift name'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save calendar' }));
    expect(await screen.findByText('Required')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('is read-only without the write permission', () => {
    mockFetch(() => ({ status: 200, body: calendar }));
    renderWithProviders(<CalendarEditor calendar={calendar} canWrite={false} reload={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Save calendar' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add holiday' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add shift' })).toBeNull();
  });
});
