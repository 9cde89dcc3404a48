import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { IdleGuard } from './IdleGuard';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('IdleGuard', () => {
  it('warns in the last 30 s, is reset by a touch, and signs out when idle', () => {
    const onExpire = vi.fn();
    renderWithProviders(<IdleGuard timeoutS={60} onExpire={onExpire} onActivity={() => {}} />);
    act(() => void vi.advanceTimersByTime(20_000));
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    act(() => void vi.advanceTimersByTime(15_000));
    expect(screen.getByTestId('idle-warning')).toHaveTextContent('Signing out in 25 s');
    fireEvent.pointerDown(window);
    act(() => void vi.advanceTimersByTime(1_000));
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    act(() => void vi.advanceTimersByTime(60_000));
    expect(onExpire).toHaveBeenCalledTimes(1);
  });
});
