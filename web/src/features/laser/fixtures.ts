// Test data of the Sigmanest screens, shaped like the API's responses.
import type { LaserQueueEntry, Nest, OutboundRow, SigmanestStatus } from './types';

export function nest(over: Partial<Nest> = {}): Nest {
  return {
    id: 1,
    version: 1,
    program_name: 'N-304-1.5-0001',
    material: 'stainless_304',
    thickness_mm: 1.5,
    sheet_id: 10,
    parts: [{ job_id: 3, part_id: 4, qty: 12, operation_id: 30 }],
    repeat: 1,
    work_center_id: 1,
    machine_name: 'LASER1',
    state: 'posted',
    cut_seconds_est: 1800,
    cut_seconds_actual: 0,
    utilisation: 0.82,
    scrap_fraction: 0.18,
    queue_position: 1,
    archive_packet_id: 7,
    remnants_reported: true,
    posted_at: '2026-11-29T08:00:00Z',
    cut_at: null,
    ...over,
  };
}

export function entry(n: Nest, over: Partial<LaserQueueEntry> = {}): LaserQueueEntry {
  return {
    nest: n,
    work_center_code: n.work_center_id === null ? '' : `LAS-${n.work_center_id}`,
    sheet_label: 'stainless_304 1.5 x 3000 x 1500',
    heat_number: 'H4417203-304',
    job_numbers: ['J-1003'],
    planned_start: '2026-11-29T09:00:00Z',
    ...over,
  };
}

export function status(over: Partial<SigmanestStatus> = {}): SigmanestStatus {
  return {
    enabled: true,
    gateway: 'odbc',
    outbound: { queued: 1, sent: 2, consumed: 0, applied: 40, failed: 1, lost: 0, refused: 1 },
    oldest_sent_age_s: 45,
    simtrans_stopped: false,
    inbound_packets: 12,
    feedback_high_water: 1207,
    last_poll_at: '2026-11-29T10:00:00Z',
    last_error: '',
    ...over,
  };
}

export function outbound(over: Partial<OutboundRow> = {}): OutboundRow {
  return {
    id: 1,
    trans_id: 'K00001',
    trans_type: 'SN84',
    district: 1,
    columns: { OrderNo: 'J-1003', ItemName: 'BRK-100', Qty: '12' },
    status: 'applied',
    entity: 'job',
    entity_id: 3,
    event_id: 5,
    error: '',
    attempts: 1,
    created_at: '2026-11-29T08:00:00Z',
    sent_at: '2026-11-29T08:00:01Z',
    updated_at: null,
    ...over,
  };
}
