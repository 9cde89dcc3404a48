// Sigmanest sync (/sigmanest): the sync's status (gateway, last poll, a banner when SimTrans
// looks stopped, outbound rows per status), the outbound queue with Retry on failed, lost and
// refused rows (planner, admin), and the sync log. Live through sigmanest.* events.
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useCan } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { notifyError, notifyOk } from '../../components/notify';
import { t } from '../../i18n';
import { fmtDateTime, fmtDuration } from '../../lib/time';
import { PAGE_SIZE, useOutbound, useRetryRow, useSigmanestStatus, useSyncLog } from './api';
import { OUTBOUND_STATUSES, RETRYABLE, type OutboundRow, type SigmanestStatus } from './types';

const l = t.laser;
const RETRY_ROUTE = 'POST /api/v1/sigmanest/outbound/{id}/retry';

const statusColor: Record<string, string> = {
  queued: 'gray',
  sent: 'blue',
  consumed: 'cyan',
  applied: 'green',
  failed: 'red',
  lost: 'orange',
  refused: 'grape',
  ok: 'green',
  error: 'red',
  skipped: 'gray',
};

function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={statusColor[status] ?? 'gray'} variant="light" c="dark.8" data-status={status}>
      {l.statusNames[status] ?? status}
    </Badge>
  );
}

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600}>
        {value}
      </Text>
    </Stack>
  );
}

export function StatusPanel({ status }: { status: SigmanestStatus }) {
  return (
    <Stack gap="sm">
      {!status.enabled && (
        <Alert color="gray" variant="light">
          {l.disabled}
        </Alert>
      )}
      {status.simtrans_stopped && (
        <Alert color="red" variant="filled" role="alert" title={l.stoppedTitle} icon={<IconAlertTriangle />} data-testid="simtrans-stopped">
          {l.stoppedText(fmtDuration(status.oldest_sent_age_s ?? 0))}
        </Alert>
      )}
      <Paper withBorder p="md" radius="sm">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
          <Fact label={l.gateway} value={status.gateway || '—'} testId="sync-gateway" />
          <Fact label={l.lastPoll} value={status.last_poll_at ? fmtDateTime(status.last_poll_at) : l.never} />
          <Fact label={l.inboundPackets} value={status.inbound_packets} />
          <Fact label={l.highWater} value={status.feedback_high_water} />
          <Fact label={l.lastError} value={status.last_error || '—'} />
        </SimpleGrid>
        <Group gap="xs" mt="md" data-testid="outbound-counts">
          {OUTBOUND_STATUSES.map((s) => (
            <Badge
              key={s}
              color={statusColor[s]}
              variant={status.outbound[s] > 0 && RETRYABLE.has(s) ? 'outline' : 'light'}
              c="dark.8"
              size="lg"
            >
              {l.statusNames[s]} {status.outbound[s]}
            </Badge>
          ))}
        </Group>
      </Paper>
    </Stack>
  );
}

function RetryButton({ row }: { row: OutboundRow }) {
  const retry = useRetryRow();
  return (
    <Button
      size="xs"
      variant="light"
      color="red"
      loading={retry.isPending}
      aria-label={l.retryLabel(row.trans_id)}
      onClick={() =>
        retry.mutate(row.id, {
          onSuccess: () => notifyOk(l.retried(row.trans_id)),
          onError: (e) => notifyError(e),
        })
      }
    >
      {l.retry}
    </Button>
  );
}

function columnsSummary(row: OutboundRow): string {
  const c = row.columns;
  return ['OrderNo', 'ItemName', 'Qty', 'Material', 'Thickness']
    .filter((k) => c[k] !== undefined && c[k] !== '')
    .map((k) => `${k}=${c[k]}`)
    .join(' ');
}

export function OutboundTable() {
  const can = useCan();
  const [status, setStatus] = useState<string | null>(null);
  const [transType, setTransType] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const q = useOutbound(status ?? '', transType ?? '', page);
  const mayRetry = can(RETRY_ROUTE);
  return (
    <Stack gap="sm">
      <Group>
        <Select
          label={l.statusFilter}
          placeholder={l.all}
          clearable
          data={OUTBOUND_STATUSES.map((s) => ({ value: s, label: l.statusNames[s] ?? s }))}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          w={180}
        />
        <Select
          label={l.transTypeFilter}
          placeholder={l.all}
          clearable
          data={['SN84', 'SN81', 'SN82', 'SN87', 'SN89', 'SN91A', 'SN94', 'SN92', 'SN97', 'SN73N', 'SN73C', 'SN70', 'SN78R', 'SN74']}
          value={transType}
          onChange={(v) => {
            setTransType(v);
            setPage(1);
          }}
          w={160}
        />
      </Group>
      <QueryState query={q} isEmpty={(d) => d.items.length === 0} empty={l.noRows}>
        {(data) => (
          <Stack gap="sm">
            <Table.ScrollContainer minWidth={960}>
              <Table fz="sm" verticalSpacing={6} striped aria-label={l.outbound} data-testid="outbound-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{l.transId}</Table.Th>
                    <Table.Th>{l.transType}</Table.Th>
                    <Table.Th>{l.state}</Table.Th>
                    <Table.Th>{l.entity}</Table.Th>
                    <Table.Th>{l.error}</Table.Th>
                    <Table.Th ta="right">{l.attempts}</Table.Th>
                    <Table.Th>{l.created}</Table.Th>
                    <Table.Th>{l.sent}</Table.Th>
                    {mayRetry && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((r) => (
                    <Table.Tr key={r.id} data-testid={`outbound-${r.trans_id}`} data-status={r.status}>
                      <Table.Td ff="monospace">{r.trans_id}</Table.Td>
                      <Table.Td>
                        <Code>{r.trans_type}</Code>
                        <Text size="xs" c="gray.7">
                          {columnsSummary(r)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={r.status} />
                      </Table.Td>
                      <Table.Td>{r.entity ? `${r.entity} ${r.entity_id}` : '—'}</Table.Td>
                      <Table.Td c={r.error ? 'red.9' : undefined}>{r.error || '—'}</Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {r.attempts}
                      </Table.Td>
                      <Table.Td>{fmtDateTime(r.created_at)}</Table.Td>
                      <Table.Td>{fmtDateTime(r.sent_at)}</Table.Td>
                      {mayRetry && <Table.Td>{RETRYABLE.has(r.status) && <RetryButton row={r} />}</Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
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
    </Stack>
  );
}

export function SyncLogTable() {
  const [direction, setDirection] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const q = useSyncLog(direction ?? '', status ?? '', page);
  return (
    <Stack gap="sm">
      <Group>
        <Select
          label={l.directionFilter}
          placeholder={l.all}
          clearable
          data={[
            { value: 'export', label: l.directions.export },
            { value: 'import', label: l.directions.import },
          ]}
          value={direction}
          onChange={(v) => {
            setDirection(v);
            setPage(1);
          }}
          w={200}
        />
        <Select
          label={l.statusFilter}
          placeholder={l.all}
          clearable
          data={['ok', 'error', 'skipped']}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          w={160}
        />
      </Group>
      <QueryState query={q} isEmpty={(d) => d.items.length === 0} empty={l.noRows}>
        {(data) => (
          <Stack gap="sm">
            <Table.ScrollContainer minWidth={860}>
              <Table fz="sm" verticalSpacing={6} striped aria-label={l.syncLog} data-testid="sync-log-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{l.at}</Table.Th>
                    <Table.Th>{l.direction}</Table.Th>
                    <Table.Th>{l.kind}</Table.Th>
                    <Table.Th>{l.reference}</Table.Th>
                    <Table.Th>{l.entity}</Table.Th>
                    <Table.Th>{l.state}</Table.Th>
                    <Table.Th>{l.message}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>{fmtDateTime(e.at)}</Table.Td>
                      <Table.Td>{l.directions[e.direction]}</Table.Td>
                      <Table.Td>
                        <Code>{e.kind}</Code>
                      </Table.Td>
                      <Table.Td ff="monospace">{e.external_ref || '—'}</Table.Td>
                      <Table.Td>{e.entity ? `${e.entity} ${e.entity_id}` : '—'}</Table.Td>
                      <Table.Td>
                        <Badge color={statusColor[e.status]} variant="light" c="dark.8">
                          {e.status}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{e.message || '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
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
    </Stack>
  );
}

export function SigmanestPage() {
  const status = useSigmanestStatus();
  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        {l.syncTitle}
      </Title>
      <QueryState query={status}>{(s) => <StatusPanel status={s} />}</QueryState>
      <Tabs defaultValue="outbound" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="outbound">{l.outbound}</Tabs.Tab>
          <Tabs.Tab value="log">{l.syncLog}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="outbound" pt="sm">
          <OutboundTable />
        </Tabs.Panel>
        <Tabs.Panel value="log" pt="sm">
          <SyncLogTable />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
