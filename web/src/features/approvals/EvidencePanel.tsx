// The evidence of an approval, one panel per gate: what a person needs to decide (what-if
// metrics and moved jobs, load against capacity, the scrap trend and the defect, stock against
// safety, the drafted customer message).
import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { t } from '../../i18n';
import { fmtDate, fmtDateTime, fmtDuration } from '../../lib/time';
import { jobPath } from '../jobs/links';
import {
  customerEscalationEvidence,
  materialName,
  materialShortageEvidence,
  overtimeEvidence,
  qualityHoldEvidence,
  rushOrderEvidence,
  trend,
  type MetricRow,
} from './evidence';
import { LoadCapacityChart, ScrapTrendChart } from './EvidenceCharts';

const a = t.approvals;

export function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600} component="div">
        {value}
      </Text>
    </Stack>
  );
}

export function JobLink({ id, number }: { id: number | null; number: string }) {
  if (id === null) return <>{number || '—'}</>;
  return (
    <Anchor component={Link} to={jobPath(id)} size="sm" ff="monospace">
      {number || `#${id}`}
    </Anchor>
  );
}

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Stack gap={6}>
    <Title order={4} size="sm">
      {title}
    </Title>
    {children}
  </Stack>
);

const fmtMetric = (key: string, v: number): string => {
  if (key.endsWith('_s')) return fmtDuration(v);
  if (key === 'on_time_rate') return `${(v * 100).toFixed(1)} %`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
};

function MetricsTable({ rows }: { rows: MetricRow[] }) {
  return (
    <Table withTableBorder striped fz="sm" data-testid="whatif-metrics" aria-label={a.whatIfTitle}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{a.metric}</Table.Th>
          <Table.Th ta="right">{a.before}</Table.Th>
          <Table.Th ta="right">{a.after}</Table.Th>
          <Table.Th ta="right">{a.change}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => {
          const vd = trend(r);
          const arrow = r.before !== null && r.after !== null ? (r.after > r.before ? '▲' : r.after < r.before ? '▼' : '=') : '';
          return (
            <Table.Tr key={r.key} data-metric={r.key} data-trend={vd ?? ''}>
              <Table.Td>{a.metrics[r.key] ?? r.key}</Table.Td>
              <Table.Td ta="right">{r.before === null ? '—' : fmtMetric(r.key, r.before)}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {r.after === null ? '—' : fmtMetric(r.key, r.after)}
              </Table.Td>
              <Table.Td ta="right">
                {vd ? (
                  <Text span size="sm" fw={600} c={vd === 'better' ? 'teal.9' : vd === 'worse' ? 'red.9' : 'gray.7'}>
                    {arrow} {a[vd]}
                  </Text>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function RushOrderPanel({ evidence }: { evidence: unknown }) {
  const e = rushOrderEvidence(evidence);
  return (
    <Stack gap="md" data-testid="evidence-rush_order">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Fact label={a.rushJob} value={<JobLink id={e.job.id} number={e.job.jobNumber} />} />
        <Fact label={a.customer} value={e.job.customer || '—'} />
        <Fact label={a.due} value={fmtDateTime(e.job.due)} />
        <Fact label={a.whatIfTitle} value={e.runId === null ? '—' : a.whatIfRun(e.runId)} />
      </SimpleGrid>
      {e.metrics.length > 0 && <MetricsTable rows={e.metrics} />}
      <Section title={a.movedJobs(e.movedJobs.length)}>
        <Table.ScrollContainer minWidth={640}>
          <Table fz="sm" striped withTableBorder data-testid="moved-jobs" aria-label={a.movedJobs(e.movedJobs.length)}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{a.job}</Table.Th>
                <Table.Th>{a.customer}</Table.Th>
                <Table.Th>{a.due}</Table.Th>
                <Table.Th>{a.endBefore}</Table.Th>
                <Table.Th>{a.endAfter}</Table.Th>
                <Table.Th ta="right">{a.delay}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {e.movedJobs.map((j, i) => {
                const late = j.due !== '' && j.endAfter !== '' && Date.parse(j.endAfter) > Date.parse(j.due);
                return (
                  <Table.Tr key={j.jobId ?? i} data-testid={`moved-${j.jobNumber}`}>
                    <Table.Td>
                      <JobLink id={j.jobId} number={j.jobNumber} />
                    </Table.Td>
                    <Table.Td>{j.customer || '—'}</Table.Td>
                    <Table.Td>{fmtDateTime(j.due)}</Table.Td>
                    <Table.Td>{fmtDateTime(j.endBefore)}</Table.Td>
                    <Table.Td>
                      {j.endAfter === '' ? a.doesNotFit : fmtDateTime(j.endAfter)}{' '}
                      {late && (
                        <Badge size="xs" color="red" variant="light" c="dark.8">
                          {a.late}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" fw={600} c={(j.delayS ?? 0) > 0 ? 'red.9' : undefined}>
                      {j.delayS === null ? '—' : `+${fmtDuration(j.delayS)}`}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>
    </Stack>
  );
}

export function OvertimePanel({ evidence }: { evidence: unknown }) {
  const e = overtimeEvidence(evidence);
  const h = (v: number | null) => (v === null ? '—' : a.hours(v));
  return (
    <Stack gap="md" data-testid="evidence-overtime">
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Fact label={a.department} value={e.department || '—'} />
        <Fact label={a.week} value={fmtDate(e.weekStart)} />
        <Fact label={a.load} value={h(e.loadH)} />
        <Fact label={a.capacity} value={h(e.capacityH)} />
        <Fact
          label={a.overtimeHours}
          testId="overtime-hours"
          value={
            <Text span fw={800} c="red.9">
              {h(e.overtimeH)}
            </Text>
          }
        />
      </SimpleGrid>
      {e.unplacedH !== null && e.unplacedH > 0 && (
        <Alert color="orange" variant="light" data-testid="overtime-unplaced">
          {a.overtimeUnplaced(h(e.placedH), h(e.unplacedH))}
        </Alert>
      )}
      {e.weeks.length > 0 && <LoadCapacityChart weeks={e.weeks} department={e.department} />}
      {e.workCenters.length > 0 && (
        <Group gap="xs">
          <Text size="sm" c="gray.7">
            {a.workCenters}:
          </Text>
          {e.workCenters.map((w) => (
            <Badge key={w.id ?? w.code} variant="light" color="gray" c="dark.8">
              {w.code}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}

export function QualityHoldPanel({ evidence }: { evidence: unknown }) {
  const e = qualityHoldEvidence(evidence);
  const d = e.defect;
  return (
    <Stack gap="md" data-testid="evidence-quality_hold">
      <Section title={a.defect}>
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Fact label={a.job} value={<JobLink id={d.jobId} number={d.jobNumber} />} />
          <Fact label={a.workCenter} value={d.workCenter || '—'} />
          <Fact label={a.operator} value={d.operator || '—'} />
          <Fact label={a.codes} value={d.codes.length > 0 ? d.codes.join(', ') : '—'} />
          <Fact label={a.qtyScrap} value={d.qtyScrap ?? '—'} />
        </SimpleGrid>
      </Section>
      {e.trend.length > 0 && <ScrapTrendChart points={e.trend} />}
      <Section title={a.suspectJobs}>
        <Table fz="sm" striped withTableBorder data-testid="suspect-jobs" aria-label={a.suspectJobs}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{a.job}</Table.Th>
              <Table.Th>{a.heatNumber}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.suspectJobs.map((j, i) => (
              <Table.Tr key={j.jobId ?? i}>
                <Table.Td>
                  <JobLink id={j.jobId} number={j.jobNumber} />
                </Table.Td>
                <Table.Td ff="monospace">{j.heatNumber || '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </Stack>
  );
}

export function MaterialShortagePanel({ evidence }: { evidence: unknown }) {
  const e = materialShortageEvidence(evidence);
  const below = e.available !== null && e.safetyMinimum !== null && e.available < e.safetyMinimum;
  const sheets = (n: number | null) => (n === null ? '—' : a.sheets(n));
  return (
    <Stack gap="md" data-testid="evidence-material_shortage">
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Fact label={a.material} value={materialName(e.material) || '—'} />
        <Fact label={a.thickness} value={e.thicknessMm === null ? '—' : a.mm(e.thicknessMm)} />
        <Fact
          label={a.available}
          testId="stock-available"
          value={
            <Group gap={6}>
              <Text span fw={800} c={below ? 'red.9' : undefined}>
                {sheets(e.available)}
              </Text>
              {below && (
                <Badge size="xs" color="red" variant="light" c="dark.8">
                  {a.belowSafety}
                </Badge>
              )}
            </Group>
          }
        />
        <Fact label={a.safetyMinimum} value={sheets(e.safetyMinimum)} />
        <Fact label={a.demand} value={sheets(e.demandSheets)} />
      </SimpleGrid>
      <Paper withBorder p="sm" radius="sm" bg="gray.0" data-testid="substitute">
        <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
          {a.substitute}
        </Text>
        {e.substitute ? (
          <Text size="sm" fw={600}>
            {materialName(e.substitute.material)}
            {e.substitute.thicknessMm !== null && ` · ${a.mm(e.substitute.thicknessMm)}`}
            {e.substitute.available !== null && ` · ${a.available} ${a.sheets(e.substitute.available)}`}
          </Text>
        ) : (
          <Text size="sm">{a.noSubstitute}</Text>
        )}
      </Paper>
      {e.jobs.length > 0 && (
        <Table fz="sm" striped withTableBorder data-testid="shortage-jobs" aria-label={a.jobs}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{a.job}</Table.Th>
              <Table.Th>{a.due}</Table.Th>
              <Table.Th ta="right">{a.demand}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.jobs.map((j, i) => (
              <Table.Tr key={j.jobId ?? i}>
                <Table.Td>
                  <JobLink id={j.jobId} number={j.jobNumber} />
                </Table.Td>
                <Table.Td>{fmtDateTime(j.due)}</Table.Td>
                <Table.Td ta="right">{sheets(j.sheets)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function CustomerEscalationPanel({ evidence }: { evidence: unknown }) {
  const e = customerEscalationEvidence(evidence);
  return (
    <Stack gap="md" data-testid="evidence-customer_escalation">
      <Group gap="sm">
        <Text fw={700}>{e.customer.name || '—'}</Text>
        {e.customer.vip && (
          <Badge color="yellow" variant="filled" c="dark.8">
            {a.vip}
          </Badge>
        )}
      </Group>
      <Table fz="sm" striped withTableBorder data-testid="escalation-jobs" aria-label={a.jobs}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{a.job}</Table.Th>
            <Table.Th>{a.due}</Table.Th>
            <Table.Th>{a.eta}</Table.Th>
            <Table.Th ta="right">{a.slip}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {e.jobs.map((j, i) => (
            <Table.Tr key={j.jobId ?? i}>
              <Table.Td>
                <JobLink id={j.jobId} number={j.jobNumber} />
              </Table.Td>
              <Table.Td>{fmtDateTime(j.due)}</Table.Td>
              <Table.Td fw={600}>{fmtDateTime(j.eta)}</Table.Td>
              <Table.Td ta="right" c={(j.slipS ?? 0) > 0 ? 'red.9' : undefined}>
                {j.slipS === null ? '—' : `+${fmtDuration(j.slipS)}`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Paper withBorder p="sm" radius="sm" data-testid="drafted-message">
        <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
          {a.message}
        </Text>
        <Text size="sm" fw={700} mt={4}>
          {e.message.subject}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mt={4}>
          {e.message.body}
        </Text>
      </Paper>
    </Stack>
  );
}

const panels: Record<string, (p: { evidence: unknown }) => ReactNode> = {
  rush_order: RushOrderPanel,
  overtime: OvertimePanel,
  quality_hold: QualityHoldPanel,
  material_shortage: MaterialShortagePanel,
  customer_escalation: CustomerEscalationPanel,
};

// The panel for `gate`; an unknown gate or empty evidence says so.
export function EvidencePanel({ gate, evidence }: { gate: string; evidence: unknown }) {
  const Panel = panels[gate];
  const empty = typeof evidence !== 'object' || evidence === null || Object.keys(evidence).length === 0;
  if (!Panel || empty) {
    return (
      <Text size="sm" c="gray.7">
        {a.noEvidence}
      </Text>
    );
  }
  return <Panel evidence={evidence} />;
}
