import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ReceiveStockModal } from './ReceiveStockModal';

// openapi-fetch builds a Request from a relative path; Node's Request needs an absolute URL.
// openapi-fetch also keeps the fetch it found at import: route it to `respond`, set per test.
const server = vi.hoisted(() => {
  const state: { respond: (req: Request) => Promise<Response> } = {
    respond: () => Promise.resolve(new Response('{}', { status: 500 })),
  };
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    state.respond(input instanceof Request ? input : new Request(String(input), init))) as typeof fetch;
  const Native = globalThis.Request;
  globalThis.Request = class extends Native {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' ? new URL(input, 'http://localhost') : input, init);
    }
  } as typeof Request;
  return state;
});

const lots = {
  items: [
    { id: 1, number: 'H1-S4', material: 'stainless_304', supplier: 'Aperam', mill_cert_ref: 'M1', received: '2026-08-05T13:00:00Z', version: 1 },
  ],
  total: 1,
};

function renderModal() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <ReceiveStockModal opened onClose={() => {}} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('ReceiveStockModal', () => {

  it('shows the server field errors under their fields', async () => {
    const calls: string[] = [];
    server.respond = (req) => {
      const url = req.url;
      calls.push(`${req.method} ${new URL(url).pathname}`);
      if (url.includes('/heat-lots')) return Promise.resolve(new Response(JSON.stringify(lots), { status: 200 }));
      return Promise.resolve(
        new Response(
          JSON.stringify({
            title: 'Bad Request',
            status: 400,
            errors: [
              { field: 'location', message: 'is required' },
              { field: 'heat_number', message: 'must not be empty' },
            ],
          }),
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      );
    };
    renderModal();
    await userEvent.click(screen.getByRole('button', { name: 'Receive stock' }));
    expect(await screen.findByText('must not be empty')).toBeInTheDocument();
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(calls).toContain('POST /api/v1/materials/receive');
  });
});
