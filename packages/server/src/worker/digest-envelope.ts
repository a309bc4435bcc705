/**
 * @module Digest of one queued envelope, item by item, inside the batch transaction:
 * event → normalize → scrub → (stages: symbolicate…) → group → handed to the batch, which stores all the batch's
 * events together (digest-batch.ts); sessions and client reports → counters; everything else → kept raw (or its
 * processor). Every item leaves either a stored row or a counted outcome.
 */
import { parseEnvelope, type EnvelopeItem } from '@faultline/protocol';
import { computeGrouping, normalizeEvent, scrubEvent, scrubJson } from '@faultline/pipeline';
import { isBinaryItemType } from '../ingest/validate-items.ts';
import { addOutcome, storeRawItem, type Db, type QueuedEnvelope } from '@faultline/store';
import type { EnvelopeOutput } from './digest-batch.ts';
import { digestSessions } from './digest-sessions.ts';
import type { DigestHooks, StageContext } from './digest-hooks.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import type { ProjectCache } from './project-cache.ts';

export interface DigestDeps {
  hooks: DigestHooks;
  metrics: ServerMetrics;
  projects: ProjectCache;
}

/** Digests one envelope; its error events and item counts go to `out`, which the batch merges once this succeeded. */
export async function digestEnvelope(tx: Db, env: QueuedEnvelope, deps: DigestDeps, out: EnvelopeOutput): Promise<void> {
  const project = await deps.projects.get(tx, env.projectId);
  if (!project) {
    await addOutcome(tx, { projectId: env.projectId, ts: env.received, source: 'server', category: 'error', reason: 'project_deleted', quantity: 1 });
    return;
  }
  const envelope = parseEnvelope(env.body);
  const ctx: StageContext = { tx, projectId: env.projectId, orgId: project.orgId };
  for (const item of envelope.items) {
    const type = item.headers.type;
    out.itemCounts.push({ projectId: env.projectId, ts: env.received, type, bytes: item.payload.byteLength });
    switch (type) {
      case 'event':
        await digestEvent(ctx, env, item, envelope.headers, project.groupingConfig, deps, out);
        break;
      case 'session':
      case 'sessions':
        await digestSessions(tx, env, item);
        await keepRaw(ctx, env, item, envelope.headers, deps);
        break;
      case 'client_report':
        await countClientReport(tx, env, item);
        break;
      default:
        await keepRaw(ctx, env, item, envelope.headers, deps);
    }
  }
}

async function keepRaw(ctx: StageContext, env: QueuedEnvelope, item: EnvelopeItem, headers: Record<string, unknown>, deps: DigestDeps): Promise<void> {
  const processor = deps.hooks.items.get(item.headers.type);
  if (processor) {
    await processor(ctx, { headers: item.headers, payload: item.payload, envelopeHeaders: headers, received: env.received });
    return;
  }
  await storeRawItem(ctx.tx, {
    projectId: env.projectId,
    type: item.headers.type,
    received: env.received,
    eventId: typeof headers.event_id === 'string' ? headers.event_id : null,
    headers: item.headers,
    payload: scrubbedPayload(item),
  });
}

/** JSON items are kept raw only after the same PII scrubbing events get; bytes (replay recordings) as they came. */
function scrubbedPayload(item: EnvelopeItem): Uint8Array {
  if (isBinaryItemType(item.headers.type) || item.payload.byteLength === 0) return item.payload;
  let parsed: unknown;
  try {
    parsed = parseJson(item);
  } catch {
    return item.payload;
  }
  const { value, replaced } = scrubJson(parsed);
  return replaced > 0 ? Buffer.from(JSON.stringify(value)) : item.payload;
}

function parseJson(item: EnvelopeItem): unknown {
  return JSON.parse(Buffer.from(item.payload.buffer, item.payload.byteOffset, item.payload.byteLength).toString('utf8'));
}

async function digestEvent(
  ctx: StageContext,
  env: QueuedEnvelope,
  item: EnvelopeItem,
  headers: Record<string, unknown>,
  groupingConfig: string,
  deps: DigestDeps,
  out: EnvelopeOutput,
): Promise<void> {
  const raw = parseJson(item);
  const event = normalizeEvent(raw, {
    receivedAt: env.received / 1000,
    clientIp: env.clientIp ?? undefined,
    envelopeEventId: typeof headers.event_id === 'string' ? headers.event_id : undefined,
  });
  // PII is scrubbed before anything about the event is stored or handed to later stages.
  scrubEvent(event);
  if (event.type === 'feedback' || event.type === 'transaction') {
    await keepRaw(ctx, env, item, headers, deps);
    return;
  }
  for (const stage of deps.hooks.beforeGroup) await stage(ctx, event);
  const grouping = computeGrouping(event, { config: groupingConfig });
  // Sentry's stored-event fields: kept in the body so the API shows what grouping decided.
  event.hashes = grouping.hashes;
  event.metadata = grouping.metadata;
  event.title = grouping.title;
  event.culprit = grouping.culprit;
  out.events.push({ ctx, input: { orgId: ctx.orgId, projectId: ctx.projectId, event, grouping, receivedMs: env.received } });
}

async function countClientReport(tx: Db, env: QueuedEnvelope, item: EnvelopeItem): Promise<void> {
  const data = parseJson(item) as Record<string, unknown>;
  for (const field of ['discarded_events', 'rate_limited_events', 'filtered_events', 'filtered_sampling_events']) {
    const list = Array.isArray(data[field]) ? (data[field] as Array<Record<string, unknown>>) : [];
    for (const d of list) {
      const quantity = Number(d.quantity);
      if (!Number.isFinite(quantity) || quantity <= 0) continue;
      await addOutcome(tx, {
        projectId: env.projectId,
        ts: env.received,
        source: 'client',
        category: String(d.category ?? 'unknown').slice(0, 64),
        reason: String(d.reason ?? 'unknown').slice(0, 64),
        quantity: Math.floor(quantity),
      });
    }
  }
}
