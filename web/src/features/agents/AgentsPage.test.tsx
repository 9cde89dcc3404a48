import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setPlantZone } from '../../lib/time';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';

vi.mock('@tanstack/react-router', async (orig) => ({
  ...(await import('../../test/router')).withPlainLink(await orig<typeof import('@tanstack/react-router')>()),
  useParams: () => ({ threadId: 'scheduler%2Fevt-12' }),
}));

const { AgentsPage } = await import('./AgentsPage');
const { ThreadPage } = await import('./ThreadPage');

beforeAll(() => setPlantZone('UTC'));

const status = {
  enabled: true,
  llm: { configured: false, model: '', reason: 'no [llm] url set' },
  breakers: { quality: { state: 'open', failures: 3 }, scheduler: 'closed' },
  cursor: 812,
  last_poll_at: '2026-11-29T10:00:00Z',
  last_error: '',
  threads: { interrupted: 2, done: 5 },
};

const thread = {
  id: 'scheduler/evt-12',
  agent: 'scheduler',
  status: 'interrupted',
  reason: 'waiting for approval 7',
  trigger: 'event 12 job.created',
  step: 3,
  approval_id: 7,
  llm_calls: 0,
  tokens: 0,
  created_at: '2026-11-29T09:59:00Z',
  updated_at: '2026-11-29T10:00:00Z',
};

describe('AgentsPage', () => {
  it('shows the status (no model, an open breaker), the threads and answers a question', async () => {
    const calls = mockFetch({
      'GET /api/v1/agents/status': { body: status },
      'GET /api/v1/agents/threads': { body: { items: [thread], total: 1 } },
      'POST /api/v1/agents/ask': {
        body: { thread_id: 'assistant/ask-1', status: 'done', answer: 'J-24072 waits for BRAKE-1.', used_model: false, facts: { job: 'J-24072' } },
      },
    });
    renderWithProviders(<AgentsPage />);
    expect(await screen.findByTestId('agents-model')).toHaveTextContent('Not configured: deterministic rules only');
    expect(screen.getByTestId('agents-breakers')).toHaveTextContent('Quality: open (3)');
    expect(screen.getByTestId('agents-thread-counts')).toHaveTextContent('Waiting for a person 2');
    const row = await screen.findByTestId('thread-scheduler/evt-12');
    expect(within(row).getByText('Scheduler')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: 'Open thread scheduler/evt-12' })).toHaveAttribute('href', '/agents/threads/scheduler%2Fevt-12');
    expect(within(row).getByRole('link', { name: 'Open approval 7' })).toHaveAttribute('href', '/approvals/7');

    await userEvent.click(screen.getByRole('button', { name: 'Ask' }));
    expect(await screen.findByText('Type a question.')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: 'Question' }), 'why is J-24072 late?');
    await userEvent.click(screen.getByRole('button', { name: 'Ask' }));
    const answer = await screen.findByTestId('ask-answer');
    expect(answer).toHaveTextContent('J-24072 waits for BRAKE-1.');
    expect(within(answer).getByTestId('ask-used-model')).toHaveTextContent('deterministic rules');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ question: 'why is J-24072 late?' });
  });

  it('says the agents are off when the status route answers 503', async () => {
    mockFetch({
      'GET /api/v1/agents/status': { status: 503, body: { title: 'Service Unavailable', status: 503, detail: 'the agents are off' } },
      'GET /api/v1/agents/threads': { body: { items: [], total: 0 } },
    });
    renderWithProviders(<AgentsPage />);
    expect(await screen.findByText('the agents are off')).toBeInTheDocument();
    expect(await screen.findByText('No agent thread yet.')).toBeInTheDocument();
  });
});

describe('ThreadPage', () => {
  it('shows the trace: nodes, durations, tokens, tool calls with arguments and results', async () => {
    const calls = mockFetch({
      'GET /api/v1/agents/threads/scheduler%2Fevt-12': {
        body: {
          thread: { ...thread, llm_calls: 1, tokens: 420 },
          steps: [
            {
              step: 1,
              node: 'whatif',
              input: { job_id: 90 },
              output: { run_id: 41, moved: 4 },
              tool_calls: [{ tool: 'schedule.what_if', arguments: { priority_overrides: { '90': 1 } }, result: { run_id: 41 }, ok: true }],
              llm_calls: 0,
              tokens: 0,
              started_at: '2026-11-29T09:59:10Z',
              duration_ms: 1250,
              error: '',
            },
            {
              step: 2,
              node: 'explain',
              input: {},
              output: { summary: 'Four jobs move.' },
              tool_calls: [],
              llm_calls: 1,
              tokens: 420,
              started_at: '2026-11-29T09:59:12Z',
              duration_ms: 80,
              error: '',
            },
          ],
          state: { gate: 'rush_order' },
          next: ['await_approval'],
        },
      },
    });
    renderWithProviders(<ThreadPage />);
    const step1 = await screen.findByTestId('trace-step-1-whatif');
    expect(step1).toHaveTextContent('1.3 s');
    expect(within(step1).getByText('schedule.what_if')).toBeInTheDocument();
    expect(within(step1).getByTestId('tool-call')).toHaveTextContent('"priority_overrides"');
    expect(within(step1).getByTestId('tool-call')).toHaveTextContent('"run_id": 41');
    expect(screen.getByTestId('trace-step-2-explain')).toHaveTextContent('1 LLM call · 420 tokens');
    expect(screen.getByTestId('thread-approval')).toHaveAttribute('href', '/approvals/7');
    expect(screen.getByText('waiting for approval 7')).toBeInTheDocument();
    expect(screen.getByText(/await_approval/)).toBeInTheDocument();
    expect(calls[0]?.path).toBe('/api/v1/agents/threads/scheduler%2Fevt-12');
  });
});
