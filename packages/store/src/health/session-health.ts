/**
 * @module Release-health writes: a session's stored state (one row per `sid`), the hourly session counters and the
 * distinct users per hour. The transitions themselves are decided in `@faultline/pipeline` (session-transition.ts).
 */
import type { Db } from '../db/db.ts';
import { addSessionCount, hourOf } from '../digest/counters.ts';

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

/** Adds the non-zero parts of a delta to `session_counts` (statuses started, errored, crashed, abnormal). */
export async function addSessionDelta(db: Db, d: SessionCountsDelta): Promise<void> {
  for (const status of ['started', 'errored', 'crashed', 'abnormal'] as const) {
    if (d[status] > 0) await addSessionCount(db, { projectId: d.projectId, ts: d.ts, release: d.release, environment: d.environment, status, quantity: d[status] });
  }
}

/** Records that `did` had a session in this hour, keeping the worst status it reached. */
export async function addSessionUser(db: Db, u: { projectId: number; ts: number; release: string; environment: string; did: string; worst: number }): Promise<void> {
  await db.run(
    `INSERT INTO session_users (project_id, hour, release, environment, did, worst) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id, hour, release, environment, did) DO UPDATE SET
       worst = CASE WHEN excluded.worst > session_users.worst THEN excluded.worst ELSE session_users.worst END`,
    [u.projectId, hourOf(u.ts), u.release, u.environment, u.did, u.worst],
  );
}
