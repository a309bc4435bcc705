/**
 * @module `transactionSampleOf`: the fields of one transaction the duration aggregates record (the store's
 * `TransactionSample` is this type). `failed` is Sentry's `failure_rate()`: a status other than ok, cancelled or
 * unknown (a missing status counts as ok).
 */
import type { NormalizedTransaction } from './span-model.ts';

export interface TransactionSampleFields {
  projectId: number;
  /** The transaction (segment) name. */
  transaction: string;
  /** contexts.trace.op, '' if none. */
  op: string;
  /** '' if none. */
  environment: string;
  /** '' if none. */
  release: string;
  /** End timestamp, epoch ms. */
  ts: number;
  /** End minus start in ms (>= 0). */
  durationMs: number;
  failed: boolean;
}

const NOT_FAILED = new Set(['ok', 'cancelled', 'unknown']);

/** Sentry's `failure_rate()` reading of a status: anything but ok, cancelled and unknown (none is ok). */
export const isFailedStatus = (status: string | null): boolean => status !== null && !NOT_FAILED.has(status);

export function transactionSampleOf(projectId: number, txn: NormalizedTransaction): TransactionSampleFields {
  const r = txn.root;
  return {
    projectId,
    transaction: r.transaction,
    op: r.op,
    environment: r.environment,
    release: r.release,
    ts: r.endMs,
    durationMs: Math.max(0, r.durationMs),
    failed: isFailedStatus(r.status),
  };
}
