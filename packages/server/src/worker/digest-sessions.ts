/**
 * @module Release health from `session` and `sessions` items, inside the digest transaction: each session update
 * goes through its stored state (pipeline's `transitionSession`: started once, errored once, crashed/abnormal once)
 * and adds to the hourly counters of the hour it started; request-mode aggregates add their counts directly.
 * Distinct users (`did`) are recorded per hour with their worst status, for crash-free users. The counters go to
 * the envelope's output and are written with the batch's other counters (digest-batch.ts); the per-`sid` state
 * is written here, so a later envelope of the batch sees it.
 */
import type { EnvelopeItem } from '@faultline/protocol';
import { parseSessionAggregates, parseSessionUpdate, sessionAttrs, transitionSession, type SessionState } from '@faultline/pipeline';
import { getSessionState, putSessionState, type Db, type QueuedEnvelope } from '@faultline/store';
import type { EnvelopeOutput } from './digest-batch.ts';

function parseJson(item: EnvelopeItem): Record<string, unknown> {
  const v: unknown = JSON.parse(Buffer.from(item.payload.buffer, item.payload.byteOffset, item.payload.byteLength).toString('utf8'));
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export async function digestSessions(tx: Db, env: QueuedEnvelope, item: EnvelopeItem, out: EnvelopeOutput): Promise<void> {
  const data = parseJson(item);
  const { projectId } = env;
  if (item.headers.type === 'sessions') {
    const attrs = sessionAttrs(data);
    for (const agg of parseSessionAggregates(data, env.received)) {
      out.sessions.push({ projectId, ts: agg.started, ...attrs, ...agg.delta });
      if (agg.did) out.sessionUsers.push({ projectId, ts: agg.started, ...attrs, did: agg.did, worst: agg.worst });
    }
    return;
  }
  const update = parseSessionUpdate(data, env.received);
  if (!update) return;
  const stored = await getSessionState(tx, projectId, update.sid);
  const { state, delta, user } = transitionSession(stored as SessionState | undefined, update);
  if (!state) return;
  await putSessionState(tx, projectId, update.sid, state, env.received);
  const where = { projectId, ts: state.started, release: state.release, environment: state.environment };
  out.sessions.push({ ...where, ...delta });
  if (user) out.sessionUsers.push({ ...where, ...user });
}
