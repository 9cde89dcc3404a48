import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { operationOf } from '../../test/operation';
import { renderWithProviders } from '../../test/render';
import { RoutingTable } from './RoutingTable';
import type { Operation, OperationMachineActuals } from './types';

const op = (id: number, sequence: number, name: string): Operation =>
  operationOf({ id, sequence, name, status: 'running' });

function actuals(operation_id: number, machine_qty: number, run: number, planned: number): OperationMachineActuals {
  return {
    operation_id,
    machine_qty,
    machine_run_s: run,
    planned_run_s: planned,
    first_signal_at: '2026-11-30T08:00:00Z',
    last_signal_at: '2026-11-30T08:30:00Z',
  };
}

describe('RoutingTable machine column', () => {
  it('shows what machines counted against the plan, and a dash where none reported', () => {
    const ops = [op(1, 10, 'Laser cut'), op(2, 20, 'Press brake'), op(3, 30, 'TIG weld')];
    const machine = new Map([
      [1, actuals(1, 12, 1800, 3600)],
      [2, actuals(2, 5, 5400, 3600)],
    ]);
    renderWithProviders(
      <RoutingTable ops={ops} quantity={40} machine={machine} slots={new Map()} workCenters={new Map()} />,
    );
    const first = screen.getByTestId('machine-10');
    expect(first).toHaveTextContent('12 counted');
    expect(first).toHaveTextContent('30 min of 1 h 0 min planned');
    // Over the planned run time: said in red.
    const over = screen.getByTestId('machine-20').querySelector('p:last-child');
    expect(over).toHaveTextContent('1 h 30 min of 1 h 0 min planned');
    expect(over?.getAttribute('style') ?? '').toMatch(/red/);
    expect(screen.getByTestId('machine-30')).toHaveTextContent('—');
    expect(screen.getByLabelText('No machine signals')).toBeInTheDocument();
  });
});
