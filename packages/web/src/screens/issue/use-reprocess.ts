/**
 * @module Reprocessing an issue (`POST /issues/{id}/reprocess/`): its events are symbolicated again with the maps
 * uploaded since, and each moves to the issue its resolved frames group into. When this issue is left empty (and
 * so removed) the UI follows the events to where they went; otherwise it reloads and says what happened.
 */
import { useCallback, useState } from 'react';
import { ApiError, api } from '../../lib/api-client.ts';
import type { ReprocessResult } from '../../lib/api-types.ts';
import { navigate } from '../../lib/router.ts';

export interface Reprocess {
  run(): Promise<void>;
  busy: boolean;
  result: ReprocessResult | null;
  error: string | null;
  dismiss(): void;
}

/** Where the events of a removed issue went: the issue page, with what happened in the query for its notice. */
export function movedHerePath(target: string, result: ReprocessResult, from: string): string {
  return `/issues/${target}/?${new URLSearchParams({ reprocessed: String(result.moved), from }).toString()}`;
}

export function useReprocess(issueId: string, shortId: string, onDone: () => void): Reprocess {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReprocessResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await api.post<ReprocessResult>(`/issues/${issueId}/reprocess/`, {});
      const target = r.issues.find((i) => i !== issueId);
      if (r.removedIssues.includes(issueId)) {
        navigate(target ? movedHerePath(target, r, shortId) : '/issues/');
        return;
      }
      setResult(r);
      onDone();
    } catch (err) {
      setError(`Could not reprocess: ${err instanceof ApiError ? err.detail : String(err)}`);
    } finally {
      setBusy(false);
    }
  }, [issueId, shortId, onDone]);
  const dismiss = useCallback(() => {
    setResult(null);
    setError(null);
  }, []);
  return { run, busy, result, error, dismiss };
}
