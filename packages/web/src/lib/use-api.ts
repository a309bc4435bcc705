/** @module Loads one API resource for a screen: data, loading and error, reloadable; stale responses are dropped. */
import { useCallback, useEffect, useState } from 'react';
import { apiRequest, type Query } from './api-client.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  headers: Headers | undefined;
  reload(): void;
}

/** `path` null means "nothing to load yet". The query is compared by value, so object literals are fine. */
export function useApi<T>(path: string | null, query?: Query): ApiState<T> {
  const key = path === null ? null : JSON.stringify([path, query ?? {}]);
  const [state, setState] = useState<{ key: string | null; data?: T; error?: Error; headers?: Headers; loading: boolean }>({ key: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (key === null) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    apiRequest<T>(path!, { query, signal: ctl.signal }).then(
      (r) => setState({ key, data: r.data, headers: r.headers, loading: false }),
      (error: Error) => {
        if (error.name !== 'AbortError') setState({ key, error, loading: false });
      },
    );
    return () => ctl.abort();
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // Data from a previous key is kept while the next one loads (no flash of empty), but flagged as loading.
  return { data: state.data, error: state.error, loading: state.loading || state.key !== key, headers: state.headers, reload };
}
