// The printable A4 job traveller: the job's barcode and facts, then its routing with one
// OP-<id> barcode per operation (what the terminal scans) and sign-off boxes.
import { Button, Center, Group, Loader, Table, Text, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useParams } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useMe } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { fmtDate, fmtDateTime, fmtDuration } from '../../lib/time';
import { fmtMaterial, fmtPerPiece, fmtThickness } from '../departments/format';
import { useLookups } from '../departments/lookups';
import type { Job } from '../departments/types';
import { getCustomer, getJob, getPart } from '../terminal/terminalApi';
import { Barcode } from './Barcode';
import './traveller.css';

function Sheet({ job }: { job: Job }) {
  const tr = t.travellers;
  const part = useQuery({ queryKey: ['parts', job.part_id], queryFn: () => getPart(job.part_id) });
  const customer = useQuery({ queryKey: ['customers', job.customer_id], queryFn: () => getCustomer(job.customer_id) });
  const { workCenters } = useLookups();
  useEffect(() => {
    document.title = tr.title(job.number);
  }, [job.number, tr]);
  const p = part.data;
  const ops = [...(job.operations ?? [])].sort((a, b) => a.sequence - b.sequence);
  return (
    <article className="kerf-traveller" aria-label={tr.title(job.number)}>
      <header className="kerf-trav-head">
        <div>
          <Text size="xs" tt="uppercase" fw={700} c="dimmed">
            {tr.heading}
          </Text>
          <Title order={1} className="kerf-trav-jobno">
            {job.number}
          </Title>
          <Text size="xs" c="dimmed">
            {tr.printed(fmtDateTime(new Date()))}
          </Text>
        </div>
        <Barcode text={job.number} height={12} scale={2} />
      </header>
      <dl className="kerf-trav-facts">
        <div>
          <dt>{tr.customer}</dt>
          <dd>{customer.data?.name ?? '—'}</dd>
        </div>
        <div>
          <dt>{tr.part}</dt>
          <dd>
            {p ? `${p.number} rev ${p.revision}` : '—'}
            {p && <small>{p.description}</small>}
          </dd>
        </div>
        <div>
          <dt>{tr.material}</dt>
          <dd>{p ? [fmtMaterial(p.material), fmtThickness(p.thickness_mm)].filter(Boolean).join(' · ') : '—'}</dd>
        </div>
        <div>
          <dt>{tr.quantity}</dt>
          <dd>{job.quantity}</dd>
        </div>
        <div>
          <dt>{tr.due}</dt>
          <dd>{fmtDate(job.due)}</dd>
        </div>
        <div>
          <dt>{tr.priority}</dt>
          <dd>{job.priority}</dd>
        </div>
      </dl>
      <Title order={2} size="h4" mt="md" mb="xs">
        {tr.operations}
      </Title>
      <Table withTableBorder withColumnBorders className="kerf-trav-ops" horizontalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{tr.col.seq}</Table.Th>
            <Table.Th>{tr.col.op}</Table.Th>
            <Table.Th>{tr.col.code}</Table.Th>
            <Table.Th>{tr.col.wcs}</Table.Th>
            <Table.Th>{tr.col.setup}</Table.Th>
            <Table.Th>{tr.col.run}</Table.Th>
            <Table.Th>{tr.col.good}</Table.Th>
            <Table.Th>{tr.col.scrap}</Table.Th>
            <Table.Th>{tr.col.operator}</Table.Th>
            <Table.Th>{tr.col.date}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ops.map((op) => (
            <Table.Tr key={op.id} className="kerf-trav-op">
              <Table.Td fw={700}>{op.sequence}</Table.Td>
              <Table.Td>
                <Text fw={600} size="sm">
                  {op.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {t.departments.names[op.department] ?? op.department}
                </Text>
              </Table.Td>
              <Table.Td className="kerf-trav-code">
                <Barcode text={`OP-${op.id}`} height={8} scale={2} />
              </Table.Td>
              <Table.Td>
                <Text size="xs">
                  {op.eligible_work_center_ids.map((id) => workCenters.get(id)?.code ?? `#${id}`).join(', ')}
                </Text>
              </Table.Td>
              <Table.Td className="kerf-trav-time">{fmtDuration(op.setup_seconds)}</Table.Td>
              <Table.Td className="kerf-trav-time">{fmtPerPiece(op.run_seconds_per_piece)}</Table.Td>
              <Table.Td className="kerf-trav-box" />
              <Table.Td className="kerf-trav-box" />
              <Table.Td className="kerf-trav-box kerf-trav-wide" />
              <Table.Td className="kerf-trav-box" />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <div className="kerf-trav-footer">
        <div>
          <Text size="sm" fw={700}>
            {tr.notes}
          </Text>
          <div className="kerf-trav-lines" />
        </div>
        <div>
          <Text size="sm" fw={700}>
            {tr.signOff}
          </Text>
          <div className="kerf-trav-lines" />
        </div>
      </div>
    </article>
  );
}

export function TravellerPage() {
  const { jobId } = useParams({ strict: false }) as { jobId: string };
  const me = useMe();
  const job = useQuery({ queryKey: ['job', Number(jobId)], queryFn: () => getJob(Number(jobId)), enabled: Boolean(me.data) });
  if (me.isPending) {
    return (
      <Center mih="50vh">
        <Loader />
      </Center>
    );
  }
  if (!me.data) return <Navigate to="/login" search={{ redirect: `/print/jobs/${jobId}` }} replace />;
  return (
    <main className="kerf-trav-page">
      <Group justify="space-between" className="no-print kerf-trav-toolbar">
        <Button component="a" href={`/jobs/${jobId}`} variant="subtle">
          ← {t.travellers.back}
        </Button>
        <Button leftSection={<IconPrinter size={18} />} onClick={() => window.print()}>
          {t.travellers.print}
        </Button>
      </Group>
      <QueryState query={job}>{(j) => <Sheet job={j} />}</QueryState>
    </main>
  );
}
