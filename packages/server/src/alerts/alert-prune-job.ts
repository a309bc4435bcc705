/**
 * @module The hourly clean-up of the alert tables (finished deliveries, flood counters and fire records older than
 * 30 days): a `PeriodicJob`, so one digest node runs it per hour however many there are.
 */
import { pruneAlerts, type Db } from '@faultline/store';
import type { Logger } from '../log.ts';
import { PeriodicJob } from '../ops/periodic-job.ts';

export const ALERT_PRUNE_JOB = 'alert-prune';
const KEEP_MS = 30 * 24 * 3_600_000;

export function alertPruneJob(db: Db, log: Logger, intervalMs = 3_600_000): PeriodicJob {
  return new PeriodicJob(db, log, { name: ALERT_PRUNE_JOB, intervalMs, run: () => pruneAlerts(db, Date.now() - KEEP_MS) });
}
