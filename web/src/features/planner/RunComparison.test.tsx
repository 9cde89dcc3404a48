import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RunComparison, utilisation, verdict } from './RunComparison';

// metrics as a real run document carries them (POST /schedule/runs on the demo shop).
const before = {
  complete: false,
  late_jobs: 188,
  weighted_tardiness_h: 759232.0,
  total_setup_s: 0,
  on_time_rate: 0.0,
  unscheduled: 903,
};
const after = {
  complete: true,
  late_jobs: 34,
  weighted_tardiness_h: 6867.555,
  total_setup_s: 486816,
  on_time_rate: 0.8191,
  unscheduled: 0,
};

describe('verdict', () => {
  it('reads lower-is-better and higher-is-better metrics', () => {
    expect(verdict({ before: 10, after: 5, lowerIsBetter: true })).toBe('better');
    expect(verdict({ before: 0.5, after: 0.4, lowerIsBetter: false })).toBe('worse');
    expect(verdict({ before: 3, after: 3, lowerIsBetter: true })).toBe('same');
    expect(verdict({ before: null, after: 3, lowerIsBetter: true })).toBeNull();
  });
});

describe('utilisation', () => {
  it('is planned over available time, capped per bucket', () => {
    expect(
      utilisation([
        { work_center_id: 1, work_center_code: 'A', start: '', end: '', planned_s: 50, available_s: 100, load: 0.5 },
        { work_center_id: 1, work_center_code: 'A', start: '', end: '', planned_s: 300, available_s: 100, load: 1 },
      ]),
    ).toBeCloseTo(0.75);
    expect(utilisation([])).toBeNull();
  });
});

describe('RunComparison', () => {
  it('shows both plans with the change in words', () => {
    render(
      <MantineProvider>
        <RunComparison before={before} after={after} utilBefore={0.4} utilAfter={0.8} />
      </MantineProvider>,
    );
    const table = screen.getByTestId('run-compare');
    const late = within(table).getByText('Late jobs').closest('tr') as HTMLElement;
    expect(late).toHaveTextContent(/188.*34.*better/);
    const setup = within(table).getByText('Setup time').closest('tr') as HTMLElement;
    expect(setup.dataset.verdict).toBe('worse');
    expect(setup).toHaveTextContent('5 d 15 h');
    const util = within(table).getByText('Utilisation (horizon)').closest('tr') as HTMLElement;
    expect(util).toHaveTextContent(/40\.0 %.*80\.0 %.*better/);
  });
});
