// The approvals inbox (/approvals): pending and decided approvals routed to the user's roles
// (admin: all), filtered by gate, each with its evidence and the decision form. Live through
// approval.* events; /approvals/$approvalId shows one approval (links from threads and jobs).
import { Anchor, Badge, Pagination, SegmentedControl, Stack, Tabs, Text, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError } from '../../api/problem';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n';
import { ApprovalCard } from './ApprovalCard';
import { PAGE_SIZE, useApproval, useApprovalCounts, useApprovals } from './api';
import { approvalsPath } from './links';
import { GATES } from './types';

const a = t.approvals;

function GateFilter({ value, onChange, counts }: { value: string; onChange: (g: string) => void; counts?: Record<string, number> }) {
  const label = (g: string, name: string) => {
    const n = counts?.[g];
    return n ? `${name} (${n})` : name;
  };
  return (
    <SegmentedControl
      aria-label={a.gateFilter}
      value={value}
      onChange={onChange}
      data={[{ value: '', label: a.allGates }, ...GATES.map((g) => ({ value: g, label: label(g, a.gateNames[g] ?? g) }))]}
      data-testid="gate-filter"
    />
  );
}

function ApprovalList({ status, gate }: { status: 'pending' | 'decided'; gate: string }) {
  const [page, setPage] = useState(1);
  const q = useApprovals(status, gate, page);
  return (
    <QueryState query={q} isEmpty={(d) => d.items.length === 0} empty={status === 'pending' ? a.noPending : a.noDecided}>
      {(data) => (
        <Stack gap="md" data-testid={`approvals-${status}`}>
          {data.items.map((item) => (
            <ApprovalCard key={item.id} approval={item} />
          ))}
          {data.total > PAGE_SIZE && (
            <Pagination
              total={Math.ceil(data.total / PAGE_SIZE)}
              value={page}
              onChange={setPage}
              size="sm"
              getControlProps={(control) => ({ 'aria-label': control })}
            />
          )}
        </Stack>
      )}
    </QueryState>
  );
}

export function ApprovalsPage() {
  const [tab, setTab] = useState<'pending' | 'decided'>('pending');
  const [gate, setGate] = useState('');
  const counts = useApprovalCounts().data;
  return (
    <Stack gap="md" maw={1200}>
      <div>
        <Title order={2}>{a.title}</Title>
        <Text size="sm" c="gray.7">
          {a.intro}
        </Text>
      </div>
      <GateFilter value={gate} onChange={setGate} counts={counts?.by_gate as Record<string, number> | undefined} />
      <Tabs value={tab} onChange={(v) => setTab(v === 'decided' ? 'decided' : 'pending')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab
            value="pending"
            rightSection={
              counts && counts.pending > 0 ? (
                <Badge size="sm" color="yellow" variant="filled" c="dark.8" circle>
                  {counts.pending}
                </Badge>
              ) : undefined
            }
          >
            {a.pending}
          </Tabs.Tab>
          <Tabs.Tab value="decided">{a.decided}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pending" pt="md">
          <ApprovalList key={`p-${gate}`} status="pending" gate={gate} />
        </Tabs.Panel>
        <Tabs.Panel value="decided" pt="md">
          <ApprovalList key={`d-${gate}`} status="decided" gate={gate} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

export function ApprovalPage() {
  const { approvalId } = useParams({ strict: false }) as { approvalId?: string };
  const id = Number(approvalId);
  const q = useApproval(id);
  return (
    <Stack gap="md" maw={1200}>
      <Anchor component={Link} to={approvalsPath} size="sm">
        ← {a.backToInbox}
      </Anchor>
      {q.error instanceof ApiError && q.error.status === 404 ? (
        <Text c="gray.7">{a.notFound}</Text>
      ) : (
        <QueryState query={q}>{(approval) => <ApprovalCard approval={approval} linkTitle={false} />}</QueryState>
      )}
    </Stack>
  );
}
