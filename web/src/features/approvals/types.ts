// The approvals inbox's data: the generated API types (src/api/schema.d.ts), taken from the
// routes' responses so they follow the server's OpenAPI document.
import type { paths } from '../../api/schema';

type Ok<R> = R extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type ApprovalPage = Ok<paths['/api/v1/approvals']['get']>;
export type Approval = Ok<paths['/api/v1/approvals/{id}']['get']>;
export type ApprovalCounts = Ok<paths['/api/v1/approvals/counts']['get']>;
export type DecisionBody = NonNullable<
  paths['/api/v1/approvals/{id}/decision']['post']['requestBody']
>['content']['application/json'];

export const GATES = [
  'rush_order',
  'overtime',
  'quality_hold',
  'material_shortage',
  'customer_escalation',
] as const;
export type Gate = (typeof GATES)[number];

export type Verdict = 'approve' | 'reject' | 'edit';

export const DECIDE_ROUTE = 'POST /api/v1/approvals/{id}/decision';
