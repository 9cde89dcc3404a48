// The agents screen's data: the generated API types (src/api/schema.d.ts), taken from the
// routes' responses so they follow the server's OpenAPI document.
import type { paths } from '../../api/schema';

type Ok<R> = R extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type AgentStatus = Ok<paths['/api/v1/agents/status']['get']>;
export type ThreadPage = Ok<paths['/api/v1/agents/threads']['get']>;
export type ThreadSummary = ThreadPage['items'][number];
export type ThreadDetail = Ok<paths['/api/v1/agents/threads/{id}']['get']>;
export type TraceStep = ThreadDetail['steps'][number];
export type AskAnswer = Ok<paths['/api/v1/agents/ask']['post']>;

export const THREAD_STATUSES = ['running', 'interrupted', 'done', 'tripped', 'failed'] as const;
export const AGENTS = ['supervisor', 'scheduler', 'dispatch', 'capacity', 'material', 'quality', 'customer', 'assistant'] as const;
