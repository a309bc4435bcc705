/**
 * @module The alert outbox. Digest only inserts rows here (inside its transaction: no network); the delivery loop
 * claims due rows, sends, and records each attempt. A claim is a lease: a node that dies mid-send leaves a row
 * `sending` whose lease runs out, and any node takes it again. On PostgreSQL the claim skips rows another node
 * holds (FOR UPDATE SKIP LOCKED), so nodes never wait on each other or send the same row twice at once.
 */
import type { Db } from '../db/db.ts';

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface DeliveryRow {
  id: number;
  project_id: number;
  rule_id: number | null;
  issue_id: number | null;
  action_type: string;
  action_config: string;
  payload: string;
  trigger_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  claim_token: string | null;
  claimed_until: number | null;
  created_at: number;
  finished_at: number | null;
  last_error: string | null;
}

export interface AttemptRow {
  id: number;
  delivery_id: number;
  attempt: number;
  started_at: number;
  duration_ms: number;
  ok: number;
  response_code: number | null;
  error: string | null;
}

export interface NewDelivery {
  projectId: number;
  ruleId: number | null;
  issueId: number | null;
  actionType: string;
  action: unknown;
  payload: unknown;
  trigger: string;
  now: number;
}

export async function enqueueDelivery(db: Db, d: NewDelivery): Promise<void> {
  await db.run(
    `INSERT INTO alert_deliveries (project_id, rule_id, issue_id, action_type, action_config, payload, trigger_id, status, attempts,
       next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
    [d.projectId, d.ruleId, d.issueId, d.actionType, JSON.stringify(d.action), JSON.stringify(d.payload), d.trigger, d.now, d.now],
  );
}

/** Claims up to `limit` due rows (pending and due, or sending with an expired lease) for `leaseMs`. */
export async function claimDueDeliveries(db: Db, opts: { now: number; limit: number; leaseMs: number; token: string }): Promise<DeliveryRow[]> {
  const lock = db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  return db.transaction((tx) =>
    tx.all<DeliveryRow>(
      `UPDATE alert_deliveries SET status = 'sending', claim_token = ?, claimed_until = ?
       WHERE id IN (SELECT id FROM alert_deliveries
         WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_until <= ?)
         ORDER BY next_attempt_at, id LIMIT ? ${lock})
       RETURNING *`,
      [opts.token, opts.now + opts.leaseMs, opts.now, opts.now, opts.limit],
    ),
  );
}

export interface AttemptResult {
  startedAt: number;
  durationMs: number;
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  /** What the row becomes: sent, failed (gave up), or pending again at `nextAttemptAt`. */
  status: 'sent' | 'failed' | 'pending';
  nextAttemptAt: number;
}

/**
 * Logs the attempt and moves the row on. The row is updated only while this claim still holds it (a lease taken
 * over, or a rule deleted meanwhile, wins); the attempt is logged either way, since it did happen.
 */
export async function recordAttempt(db: Db, row: DeliveryRow, token: string, r: AttemptResult): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(
      'INSERT INTO alert_attempts (delivery_id, attempt, started_at, duration_ms, ok, response_code, error) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [row.id, Number(row.attempts) + 1, r.startedAt, r.durationMs, r.ok ? 1 : 0, r.responseCode, r.error],
    );
    const done = r.status !== 'pending';
    await tx.run(
      `UPDATE alert_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, claim_token = NULL, claimed_until = NULL,
         finished_at = ?, last_error = ? WHERE id = ? AND claim_token = ?`,
      [r.status, r.nextAttemptAt, done ? r.startedAt + r.durationMs : null, r.ok ? null : r.error, row.id, token],
    );
  });
}

/** Gives claimed rows back untouched (shutdown before they were tried). */
export async function releaseClaims(db: Db, ids: number[], token: string): Promise<void> {
  if (ids.length === 0) return;
  await db.run(
    `UPDATE alert_deliveries SET status = 'pending', claim_token = NULL, claimed_until = NULL WHERE claim_token = ? AND id IN (${ids.map(() => '?').join(', ')})`,
    [token, ...ids],
  );
}

export async function listDeliveries(
  db: Db,
  projectId: number,
  opts: { ruleId?: number; status?: string; issueId?: number; offset: number; limit: number },
): Promise<DeliveryRow[]> {
  const where = ['project_id = ?'];
  const params: Array<string | number> = [projectId];
  const add = (clause: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(clause);
    params.push(value);
  };
  add('rule_id = ?', opts.ruleId);
  add('issue_id = ?', opts.issueId);
  add('status = ?', opts.status);
  return db.all<DeliveryRow>(`SELECT * FROM alert_deliveries WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ? OFFSET ?`, [
    ...params,
    opts.limit,
    opts.offset,
  ]);
}

export async function attemptsOf(db: Db, deliveryIds: number[]): Promise<Map<number, AttemptRow[]>> {
  const out = new Map<number, AttemptRow[]>();
  if (deliveryIds.length === 0) return out;
  const rows = await db.all<AttemptRow>(
    `SELECT * FROM alert_attempts WHERE delivery_id IN (${deliveryIds.map(() => '?').join(', ')}) ORDER BY delivery_id, attempt`,
    deliveryIds,
  );
  for (const r of rows) out.set(Number(r.delivery_id), [...(out.get(Number(r.delivery_id)) ?? []), r]);
  return out;
}

/** Deliveries waiting (pending or being sent), and those that gave up since `since`. */
export async function deliveryBacklog(db: Db, projectId: number, since: number): Promise<{ waiting: number; failed: number }> {
  const row = await db.get<{ waiting: number; failed: number }>(
    `SELECT SUM(CASE WHEN status IN ('pending', 'sending') THEN 1 ELSE 0 END) AS waiting,
            SUM(CASE WHEN status = 'failed' AND finished_at >= ? THEN 1 ELSE 0 END) AS failed
     FROM alert_deliveries WHERE project_id = ? AND (status IN ('pending', 'sending') OR finished_at >= ?)`,
    [since, projectId, since],
  );
  return { waiting: Number(row?.waiting ?? 0), failed: Number(row?.failed ?? 0) };
}

/** Forgets finished deliveries, old counts and old throttle state; run now and then by the delivery loop. */
export async function pruneAlerts(db: Db, before: number): Promise<void> {
  await db.run("DELETE FROM alert_deliveries WHERE finished_at < ? AND status IN ('sent', 'failed', 'cancelled')", [before]);
  await db.run('DELETE FROM alert_counts WHERE hour < ?', [before]);
  await db.run('DELETE FROM alert_rule_fires WHERE last_fired < ?', [before]);
}
