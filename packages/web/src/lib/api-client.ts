/**
 * @module The only way the UI talks to the server: JSON over fetch with the session cookie, the CSRF token on
 * writes, and one place that notices an expired session (any 401) so the app can send the user to sign in.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on a 401 from anything but the auth endpoints themselves. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

export type Query = Record<string, string | string[] | number | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  }
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export async function apiRequest<T>(path: string, opts: { method?: string; body?: unknown; query?: Query; signal?: AbortSignal } = {}): Promise<ApiResponse<T>> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrftoken'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/0${path}`, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'Cannot reach the Faultline server. Check that it is running.');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/auth')) onUnauthorized?.();
    const detail = data && typeof data === 'object' && 'detail' in data ? String((data as { detail: unknown }).detail) : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, detail);
  }
  return { data: data as T, headers: res.headers };
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }).then((r) => r.data),
  post: <T>(path: string, body: unknown = {}) => apiRequest<T>(path, { method: 'POST', body }).then((r) => r.data),
  put: <T>(path: string, body: unknown = {}, query?: Query) => apiRequest<T>(path, { method: 'PUT', body, query }).then((r) => r.data),
  del: (path: string, query?: Query) => apiRequest<unknown>(path, { method: 'DELETE', query }).then(() => undefined),
};

/** Sentry's `Link` header: `<url>; rel="next"; results="true"; cursor="0:25:0"`. */
export function parseLinkHeader(header: string | null): { next: string | null; previous: string | null } {
  const out = { next: null as string | null, previous: null as string | null };
  if (!header) return out;
  for (const part of header.split(/,(?=\s*<)/)) {
    const rel = /rel="(\w+)"/.exec(part)?.[1];
    const results = /results="(\w+)"/.exec(part)?.[1];
    const cursor = /cursor="([^"]+)"/.exec(part)?.[1];
    if ((rel === 'next' || rel === 'previous') && results === 'true' && cursor) out[rel] = cursor;
  }
  return out;
}
