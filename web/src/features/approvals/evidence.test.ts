import { describe, expect, it } from 'vitest';
import {
  customerEscalationEvidence,
  materialShortageEvidence,
  metricRows,
  overtimeEvidence,
  qualityHoldEvidence,
  rushOrderEvidence,
  trend,
} from './evidence';
import { evidence } from './fixtures';

describe('evidence readers', () => {
  it('reads a rush order: job, what-if metrics in display order, moved jobs with delays', () => {
    const e = rushOrderEvidence(evidence.rush_order);
    expect(e.job).toMatchObject({ id: 90, jobNumber: 'J-24090', customer: 'Nordhavn Marine' });
    expect(e.runId).toBe(41);
    expect(e.metrics.map((m) => m.key)).toEqual(['late_jobs', 'weighted_tardiness_h', 'makespan_s', 'on_time_rate']);
    expect(e.movedJobs).toHaveLength(4);
    expect(e.movedJobs[0]).toMatchObject({ jobId: 71, jobNumber: 'J-24071', delayS: 23400 });
  });

  it('says which way a metric moved, respecting metrics where more is better', () => {
    const [late, , makespan, onTime] = metricRows(evidence.rush_order.what_if.metrics_before, evidence.rush_order.what_if.metrics_after);
    expect(trend(late!)).toBe('worse');
    expect(trend(makespan!)).toBe('same');
    expect(trend(onTime!)).toBe('worse');
    expect(trend({ before: 0.8, after: 0.9, lowerIsBetter: false })).toBe('better');
    expect(trend({ before: null, after: 1, lowerIsBetter: true })).toBeNull();
  });

  it('turns missing or mistyped fields into nulls and empty lists instead of failing', () => {
    const e = rushOrderEvidence({ job: 'J-1', what_if: null, moved_jobs: [{ job_id: 'x', delay_s: '3' }] });
    expect(e.job.id).toBeNull();
    expect(e.metrics).toEqual([]);
    expect(e.movedJobs[0]).toMatchObject({ jobId: null, delayS: null, jobNumber: '' });
    expect(overtimeEvidence(null).weeks).toEqual([]);
    expect(qualityHoldEvidence(undefined).defect.codes).toEqual([]);
    expect(materialShortageEvidence({ substitute: {} }).substitute).toBeNull();
    expect(customerEscalationEvidence([]).customer.vip).toBe(false);
  });

  it('reads overtime, quality hold, shortage and escalation evidence', () => {
    const o = overtimeEvidence(evidence.overtime);
    expect(o).toMatchObject({ department: 'Bending', overtimeH: 12.5 });
    expect(o.weeks[1]).toEqual({ weekStart: '2026-12-07T00:00:00Z', loadH: 64, capacityH: 80 });
    expect(o.workCenters.map((w) => w.code)).toEqual(['BRAKE-1', 'BRAKE-2']);
    const q = qualityHoldEvidence(evidence.quality_hold);
    expect(q.defect.codes).toEqual(['CRACK', 'POROSITY']);
    expect(q.trend.map((p) => p.scrap)).toEqual([0, 1, 4]);
    expect(q.suspectJobs[1]?.jobNumber).toBe('J-24056');
    const m = materialShortageEvidence(evidence.material_shortage);
    expect(m.substitute).toEqual({ material: 'stainless_316', thicknessMm: 2, available: 25 });
    expect(m.jobs[0]).toMatchObject({ jobNumber: 'J-24061', sheets: 8 });
    const c = customerEscalationEvidence(evidence.customer_escalation);
    expect(c.customer).toEqual({ id: 3, name: 'Nordhavn Marine', vip: true });
    expect(c.message.subject).toBe('Revised delivery for J-24080');
    expect(c.jobs[0]?.slipS).toBe(72000);
  });
});
