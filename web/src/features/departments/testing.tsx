// Test helpers for the floor screens: providers and a fetch mock answering by method + path.
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';

export function renderWithProviders(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>{ui}</QueryClientProvider>
    </MantineProvider>,
  );
}

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
const shim = globalThis as unknown as { __kerfFetch?: FetchFn };

// openapi-fetch captures fetch and Request when the api client module loads, and Node's
// Request refuses relative URLs: call this from vi.hoisted (before the client is imported) so
// the client's calls reach the mock installed later by mockFetch.
export function installFetchShim(): void {
  const Base = globalThis.Request;
  class RelativeRequest extends Base {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' && input.startsWith('/') ? `http://kerf.test${input}` : input, init);
    }
  }
  globalThis.Request = RelativeRequest as typeof Request;
  globalThis.fetch = (input, init) => {
    if (!shim.__kerfFetch) throw new Error('no fetch mock installed (mockFetch)');
    return shim.__kerfFetch(input, init);
  };
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

// Installs a fetch mock: `routes` maps "METHOD /path" (query string ignored) to a reply.
// Returns the mock so tests can inspect the calls.
export function mockFetch(routes: Record<string, Reply | ((req: Request) => Reply)>) {
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(new URL(String(input), 'http://kerf.test'), init);
    const url = new URL(req.url, 'http://kerf.test');
    const key = `${req.method} ${url.pathname}`;
    const hit = routes[key];
    const reply = typeof hit === 'function' ? hit(req) : hit;
    if (!reply) {
      return new Response(JSON.stringify({ title: 'Not Found', status: 404 }), {
        status: 404,
        headers: { 'Content-Type': 'application/problem+json' },
      });
    }
    const status = reply.status ?? 200;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status,
      headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json', ...reply.headers },
    });
  });
  shim.__kerfFetch = fn as FetchFn;
  return fn;
}
