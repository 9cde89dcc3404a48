// The one fetch mock of the component tests. openapi-fetch keeps the fetch (and Request) it
// finds when src/api/client.ts loads, and Node's Request refuses relative URLs, so setup.ts
// installs the shim before any test module loads; each test then says how the "server"
// answers with mockFetch. Both openapi-fetch's Request objects and rawFetch's (path, init)
// calls arrive here.

export interface Call {
  method: string;
  path: string; // pathname + query string
  body: unknown; // parsed JSON, the raw text otherwise, undefined when empty
  headers: Headers;
}

export interface Reply {
  status?: number; // 200 unless given
  body?: unknown;
  headers?: Record<string, string>;
}

type Answer = Reply | ((call: Call) => Reply);
type Server = (call: Call) => Reply;

const ORIGIN = 'http://kerf.test';
let server: Server | null = null;
let calls: Call[] = [];

function absolute(input: RequestInfo | URL): RequestInfo | URL {
  return typeof input === 'string' && input.startsWith('/') ? `${ORIGIN}${input}` : input;
}

async function toCall(req: Request): Promise<Call> {
  const url = new URL(req.url);
  const text = await req.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { method: req.method, path: url.pathname + url.search, body, headers: req.headers };
}

function toResponse(r: Reply): Response {
  const status = r.status ?? 200;
  const text = r.body === undefined ? null : JSON.stringify(r.body);
  const type = status < 400 ? 'application/json' : 'application/problem+json';
  return new Response(text, { status, headers: { ...(text ? { 'Content-Type': type } : {}), ...r.headers } });
}

// Called once from setup.ts, before the api client module is imported anywhere.
export function installFetchShim(): void {
  const Base = globalThis.Request;
  globalThis.Request = class extends Base {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(absolute(input), init);
    }
  } as typeof Request;
  globalThis.fetch = async (input, init) => {
    if (!server) throw new Error('fetch called without a mock (mockFetch)');
    const call = await toCall(input instanceof Request ? input : new Request(absolute(input), init));
    calls.push(call);
    return toResponse(server(call));
  };
}

// Answers requests from now on: `routes` maps "METHOD /path" (query string ignored) to a reply
// (unlisted routes are 404 problems), or one function answers every call. Returns the calls
// received, in order.
export function mockFetch(routes: Record<string, Answer> | Server): Call[] {
  calls = [];
  server =
    typeof routes === 'function'
      ? routes
      : (call) => {
          const hit = routes[`${call.method} ${call.path.split('?')[0]}`];
          if (!hit) return { status: 404, body: { title: 'Not Found', status: 404 } };
          return typeof hit === 'function' ? hit(call) : hit;
        };
  return calls;
}

export const resetFetchMock = (): void => {
  server = null;
  calls = [];
};

