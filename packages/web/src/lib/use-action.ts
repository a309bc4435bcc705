/** @module Runs a write against the API for a settings screen: remembers its error and reloads the list after. */
import { useState } from 'react';
import { ApiError } from './api-client.ts';

export function useAction(reload: () => void): { error: string | null; run: (fn: () => Promise<unknown>) => Promise<void> } {
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
    }
    reload();
  };
  return { error, run };
}
