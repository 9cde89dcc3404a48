import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { CompleteModal } from './CompleteModal';

describe('CompleteModal', { timeout: 20_000 }, () => {
  it('keeps good + scrap at the job quantity and requires a scrap reason', () => {
    const onConfirm = vi.fn();
    renderWithProviders(<CompleteModal opened quantity={40} busy={false} onClose={() => {}} onConfirm={onConfirm} />);
    expect(screen.getByRole('button', { name: 'Complete: 40 good, 0 scrap' })).toBeEnabled();
    fireEvent.click(screen.getByRole('button', { name: 'One more scrap' }));
    const confirm = screen.getByRole('button', { name: 'Complete: 39 good, 1 scrap' });
    expect(confirm).toBeDisabled();
    expect(screen.getByText('Pick at least one scrap reason.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Burr' }));
    expect(confirm).toBeEnabled();
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledWith({ qty_good: 39, qty_scrap: 1, scrap_reasons: ['BURR'] });
  });

  it('refuses more than the job quantity once good was set by hand', () => {
    renderWithProviders(<CompleteModal opened quantity={5} busy={false} onClose={() => {}} onConfirm={() => {}} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Good' }), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'One less good' }));
    fireEvent.click(screen.getByRole('button', { name: 'One more good' }));
    fireEvent.click(screen.getByRole('button', { name: 'One more scrap' }));
    expect(screen.getByRole('alert')).toHaveTextContent('may not exceed the job quantity (5)');
  });
});
