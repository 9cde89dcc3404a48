import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setPlantZone } from '../../lib/time';
import { renderWithProviders } from '../../test/render';
import { evidence } from './fixtures';

vi.mock('@tanstack/react-router', async (orig) =>
  (await import('../../test/router')).withPlainLink(await orig<typeof import('@tanstack/react-router')>()),
);
// The chart itself does not draw in jsdom: the mock keeps the option it was given.
vi.mock('echarts-for-react/esm/core', () => ({
  default: ({ option }: { option: unknown }) => <pre data-testid="echarts-option">{JSON.stringify(option)}</pre>,
}));

const { EvidencePanel } = await import('./EvidencePanel');

type Series = { name: string; data: (number | { value: number; itemStyle: { color: string } })[] };
const chartOption = (container: HTMLElement) =>
  JSON.parse(within(container).getByTestId('echarts-option').textContent ?? '{}') as { series: Series[]; xAxis: { data: string[] } };

beforeAll(() => setPlantZone('UTC'));

describe('EvidencePanel', () => {
  it('rush order: what-if metrics before/after with the direction, moved jobs with delays and job links', () => {
    renderWithProviders(<EvidencePanel gate="rush_order" evidence={evidence.rush_order} />);
    const metrics = screen.getByTestId('whatif-metrics');
    const late = within(metrics).getByText('Late jobs').closest('tr')!;
    expect(late).toHaveAttribute('data-trend', 'worse');
    expect(late).toHaveTextContent('13▲ worse');
    expect(within(metrics).getByText('On-time rate').closest('tr')).toHaveTextContent('95.0 %85.0 %');
    expect(screen.getByText('4 jobs move')).toBeInTheDocument();
    const moved = screen.getByTestId('moved-J-24072');
    expect(moved).toHaveTextContent('+4 h 0 min');
    // Ends after its due: flagged late.
    expect(within(moved).getByText('late')).toBeInTheDocument();
    expect(within(screen.getByTestId('moved-J-24073')).queryByText('late')).toBeNull();
    expect(within(moved).getByRole('link', { name: 'J-24072' })).toHaveAttribute('href', '/jobs/72');
    expect(screen.getByText('What-if run 41')).toBeInTheDocument();
  });

  it('overtime: hours no window can hold are named as needing a replan', () => {
    renderWithProviders(
      <EvidencePanel gate="overtime" evidence={{ ...evidence.overtime, overtime_h: 200, placed_h: 168, unplaced_h: 32 }} />,
    );
    expect(screen.getByTestId('overtime-unplaced')).toHaveTextContent(
      'The windows hold 168.0 h; 32.0 h more fit in no overtime window this week',
    );
  });

  it('overtime: the overtime hours and load against capacity per week as a chart', () => {
    renderWithProviders(<EvidencePanel gate="overtime" evidence={evidence.overtime} />);
    expect(screen.getByTestId('overtime-hours')).toHaveTextContent('12.5 h');
    expect(screen.queryByTestId('overtime-unplaced')).toBeNull();
    const chart = screen.getByTestId('overtime-chart');
    expect(chart).toHaveAccessibleName('Load against capacity per week for Bending');
    const option = chartOption(chart);
    expect(option.xAxis.data).toEqual(['30 Nov 2026', '07 Dec 2026']);
    const [load, capacity] = option.series;
    // Bars above capacity are red.
    expect(load!.data).toEqual([
      { value: 92.5, itemStyle: { color: '#c92a2a' } },
      { value: 64, itemStyle: { color: '#1971c2' } },
    ]);
    expect(capacity!.data).toEqual([80, 80]);
    expect(screen.getByText('BRAKE-2')).toBeInTheDocument();
  });

  it('quality hold: the defect, the scrap trend chart and the suspect jobs', () => {
    renderWithProviders(<EvidencePanel gate="quality_hold" evidence={evidence.quality_hold} />);
    expect(screen.getByText('CRACK, POROSITY')).toBeInTheDocument();
    expect(screen.getByText('WELD-1')).toBeInTheDocument();
    const option = chartOption(screen.getByTestId('scrap-trend-chart'));
    expect(option.series.find((s) => s.name === 'Scrap')?.data).toEqual([0, 1, 4]);
    expect(option.series.find((s) => s.name === 'Completed')?.data).toEqual([40, 38, 20]);
    const suspects = screen.getByTestId('suspect-jobs');
    expect(within(suspects).getAllByText('H4417203-304')).toHaveLength(2);
  });

  it('material shortage: stock below safety, demand and the substitute', () => {
    renderWithProviders(<EvidencePanel gate="material_shortage" evidence={evidence.material_shortage} />);
    expect(screen.getByTestId('stock-available')).toHaveTextContent('3 sheetsBelow the safety minimum');
    expect(screen.getByText('10 sheets')).toBeInTheDocument();
    expect(screen.getByText('14 sheets')).toBeInTheDocument();
    expect(screen.getByTestId('substitute')).toHaveTextContent('stainless 316 · 2 mm · In stock 25 sheets');
    expect(within(screen.getByTestId('shortage-jobs')).getByRole('link', { name: 'J-24061' })).toBeInTheDocument();
  });

  it('customer escalation: VIP customer, due against ETA and the drafted message', () => {
    renderWithProviders(<EvidencePanel gate="customer_escalation" evidence={evidence.customer_escalation} />);
    expect(screen.getByText('VIP')).toBeInTheDocument();
    const jobs = screen.getByTestId('escalation-jobs');
    expect(jobs).toHaveTextContent('Tue 01 Dec, 14:00');
    expect(jobs).toHaveTextContent('Wed 02 Dec, 10:00');
    expect(jobs).toHaveTextContent('+20 h 0 min');
    const message = screen.getByTestId('drafted-message');
    expect(message).toHaveTextContent('Revised delivery for J-24080');
    expect(message).toHaveTextContent('J-24080 will ship on 2 Dec.');
  });

  it('says so when there is no evidence or the gate is unknown', () => {
    renderWithProviders(<EvidencePanel gate="overtime" evidence={{}} />);
    expect(screen.getByText('The agent attached no evidence.')).toBeInTheDocument();
  });
});
