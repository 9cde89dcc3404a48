// The one HTTP client of the UI: openapi-fetch over the generated schema, so a changed API is a
// compile error. The session lives in the HttpOnly cookie (never in storage); every request
// carries X-Kerf-Csrf, which the server requires for cookie-authenticated state changes.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { toApiError } from './problem';

const csrf: Middleware = {
  onRequest({ request }) {
    request.headers.set('X-Kerf-Csrf', '1');
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

// The data of a successful call; throws ApiError (with the server's problem) otherwise.
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}

// A call outside the typed paths (raw bodies such as CSV). Throws ApiError on failure.
export async function rawFetch(path: string, init: RequestInit = {}): Promise<unknown> {
  const headers = new Headers(init.headers);
  headers.set('X-Kerf-Csrf', '1');
  const response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  const text = await response.text();
  let body: unknown = undefined;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) throw toApiError(response.status, body);
  return body;
}
