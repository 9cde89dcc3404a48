// Test helpers: render inside the app's providers, and a fetch mock that answers by
// "METHOD /path" (both openapi-fetch's Request objects and rawFetch's (url, init) calls).
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';

export function renderWithProviders(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <Notifications />
        {ui}
      </QueryClientProvider>
    </MantineProvider>,
  );
}

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (call: Call) => { status: number; body?: unknown };

export function mockFetch(handler: Handler) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(new URL(String(input), 'http://kerf.test'), init);
    const text = await req.text();
    const call = { method: req.method, path: new URL(req.url).pathname + new URL(req.url).search, body: text ? JSON.parse(text) : undefined };
    calls.push(call);
    const res = handler(call);
    const json = res.body === undefined ? null : JSON.stringify(res.body);
    const type = res.status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(json, { status: res.status, headers: json ? { 'Content-Type': type } : {} });
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}
