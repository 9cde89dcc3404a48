// The Sigmanest screens' data: aliases of the generated API types (src/api/schema.d.ts).
import type { components } from '../../api/schema';

type S = components['schemas'];

export type Nest = S['Nest'];
export type NestState = S['NestState'];
export type LaserQueueEntry = S['LaserQueueEntry'];
export type NestEfficiency = S['NestEfficiency'];
export type EfficiencyRow = S['NestEfficiency']['items'][number];
export type SigmanestStatus = S['SigmanestStatus'];
export type OutboundRow = S['SigmanestOutboundRow'];
export type OutboundStatus = S['SigmanestOutboundStatus'];
export type SyncEntry = S['SigmanestSyncEntry'];
export type TraceNest = S['TraceNest'];

export const OUTBOUND_STATUSES: readonly OutboundStatus[] = [
  'queued',
  'sent',
  'consumed',
  'applied',
  'failed',
  'lost',
  'refused',
];
// Rows a planner can send again.
export const RETRYABLE: ReadonlySet<string> = new Set(['failed', 'lost', 'refused']);
