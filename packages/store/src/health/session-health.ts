/**
 * @module Release-health writes: a session's stored state (one row per `sid`), the hourly session counters and the
 * distinct users per hour. The transitions themselves are decided in `@faultline/pipeline` (session-transition.ts).
 */
import type { Db } from '../db/db.ts';
import { addSums, hourOf } from '../digest/counters.ts';

export interface StoredSessionState {
  started: number;
  release: string;
  environment: string;
  did: string | null;
  errored: boolean;
  status: string;
}

export async function getSessionState(db: Db, projectId: number, sid: string): Promise<StoredSessionState | undefined> {
  const r = await db.get<{ hour: number; release: string; environment: string; did: string | null; errored: number; status: string }>(
    'SELECT hour, release, environment, did, errored, status FROM session_states WHERE project_id = ? AND sid = ?',
    [projectId, sid],
  );
  return r && { started: Number(r.hour), release: r.release, environment: r.environment, did: r.did, errored: Number(r.errored) === 1, status: r.status };
}

export async function putSessionState(db: Db, projectId: number, sid: string, s: StoredSessionState, now: number): Promise<void> {
  await db.run(
    `INSERT INTO session_states (project_id, sid, hour, release, environment, did, errored, status, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id, sid) DO UPDATE SET did = excluded.did, errored = excluded.errored, status = excluded.status, updated = excluded.updated`,
    [projectId, sid, hourOf(s.started), s.release, s.environment, s.did, s.errored ? 1 : 0, s.status, now],
  );
}

export interface SessionCountsDelta {
  projectId: number;
  ts: number;
  release: string;
  environment: string;
  started: number;
  errored: number;
  crashed: number;
  abnormal: number;
}

export type SessionUserUpdate = { projectId: number; ts: number; release: string; environment: string; did: string; worst: number };

const STATUSES = ['started', 'errored', 'crashed', 'abnormal'] as const;

/**
 * A digest batch's release-health counters, written with the batch's other counters (last, one multi-row upsert
 * each, in key order): written per envelope instead, two digest nodes could lock shared hourly rows in opposite
 * orders on PostgreSQL and deadlock. `deltas`: their non-zero parts added to `session_counts` (statuses started,
 * errored, crashed, abnormal); `users`: each `did` recorded for its hour with the worst status it reached.
 */
export async function addSessionCounters(db: Db, deltas: readonly SessionCountsDelta[], users: readonly SessionUserUpdate[]): Promise<void> {
  const counts: Array<Array<string | number>> = [];
  for (const d of deltas) for (const status of STATUSES) if (d[status] > 0) counts.push([d.projectId, hourOf(d.ts), d.release, d.environment, status, d[status]]);
  await addSums(db, 'session_counts', ['project_id', 'hour', 'release', 'environment', 'status'], ['quantity'], counts);
  const rows = users.map((u) => [u.projectId, hourOf(u.ts), u.release, u.environment, u.did, u.worst]);
  await addSums(db, 'session_users', ['project_id', 'hour', 'release', 'environment', 'did'], ['worst'], rows, 'max');
}
