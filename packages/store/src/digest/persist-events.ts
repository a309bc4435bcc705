/**
 * @module The digest writer: `persistEvents` stores a batch of normalized, grouped error events — a snapshot
 * of what the batch needs read once (`batch-snapshot.ts`), a pure plan of every write (`batch-plan.ts`),
 * applied with multi-row statements (`plan-writer.ts`). When another node created an issue for one of the
 * batch's new hashes first, the batch is planned again over a fresh snapshot, so its events join that issue
 * (`onRaceLost` is told each time: the digest counts it on /metrics).
 */
import type { Db } from '../db/db.ts';
import { planBatch } from './batch-plan.ts';
import { readBatchSnapshot } from './batch-snapshot.ts';
import { IssueRaceLost, writePlan } from './plan-writer.ts';
import type { PersistInput, PersistResult } from './persist-types.ts';

const DUPLICATE: PersistResult = { issueId: 0, isNewIssue: false, regressed: false, escalated: false, duplicate: true };
const MAX_ATTEMPTS = 5;

export async function persistEvents(db: Db, inputs: PersistInput[], onRaceLost?: () => void): Promise<PersistResult[]> {
  for (let attempt = 1; ; attempt++) {
    const plan = planBatch(inputs, await readBatchSnapshot(db, inputs));
    try {
      await writePlan(db, plan);
    } catch (err) {
      if (err instanceof IssueRaceLost && attempt < MAX_ATTEMPTS) {
        onRaceLost?.();
        continue;
      }
      throw err;
    }
    return plan.results.map((r) => (r ? { issueId: plan.issues[r.issue]!.id!, isNewIssue: r.isNewIssue, regressed: r.regressed, escalated: r.escalated, duplicate: false } : DUPLICATE));
  }
}

/** One event (reprocessing, tests): a batch of one. */
export async function persistEvent(db: Db, input: PersistInput): Promise<PersistResult> {
  return (await persistEvents(db, [input]))[0]!;
}
