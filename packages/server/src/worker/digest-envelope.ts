/**
 * @module Digest of one queued envelope, item by item, inside the batch transaction:
 * event → normalize → inbound filters (a match: one `filtered` outcome, nothing stored; transactions too) → scrub → (stages: symbolicate…) → scrub the symbolicated frames → group → handed to the batch, which stores all the batch's
 * events together (digest-batch.ts); sessions and client reports → counters; everything else → kept raw (or its
 * processor), scrubbed first (`scrub-item.ts`). Every item leaves either a stored row or a counted outcome.
 */
import { itemTypeToCategory, parseEnvelope, type EnvelopeItem } from '@faultline/protocol';
import { computeGrouping, hasInboundFilters, matchInboundFilter, normalizeEvent, scrubEvent, scrubSymbolicatedFrames, storeGroupingOnEvent, type FilterOptions, type ScrubOptions } from '@faultline/pipeline';
import { scrubItemPayload } from './scrub-item.ts';
import { storeRawItem, type Db, type OutcomeRow, type QueuedEnvelope } from '@faultline/store';
import type { EnvelopeOutput } from './digest-batch.ts';
import { digestSessions } from './digest-sessions.ts';
import type { DigestHooks, StageContext } from './digest-hooks.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import type { ProjectCache, ProjectSettings } from './project-cache.ts';
import { itemJson, readItemJson } from './item-json.ts';

export interface DigestDeps {
  hooks: DigestHooks;
  metrics: ServerMetrics;
  projects: ProjectCache;
}

/**
 * Digests one envelope; its error events, outcomes and item counts go to `out`, which the batch merges once this
 * succeeded. `known`: `projectId:event_id` of events already stored or already in the batch (duplicates).
 */
export async function digestEnvelope(tx: Db, env: QueuedEnvelope, deps: DigestDeps, out: EnvelopeOutput, known: ReadonlySet<string>): Promise<void> {
  const project = await deps.projects.get(tx, env.projectId);
  if (!project) {
    out.outcomes.push({ projectId: env.projectId, ts: env.received, source: 'server', category: 'error', reason: 'project_deleted', quantity: 1 });
    return;
  }
  const envelope = parseEnvelope(env.body);
  const ctx: StageContext = { tx, projectId: env.projectId, orgId: project.orgId };
  const scrub = project.scrub;
  for (const item of envelope.items) {
    const type = item.headers.type;
    if (!readItemJson(env, item, out.outcomes)) continue;
    const count: EnvelopeOutput['itemCounts'][number] = { projectId: env.projectId, ts: env.received, type, bytes: item.payload.byteLength };
    out.itemCounts.push(count);
    const kept: Kept = { ctx, env, headers: envelope.headers, scrub, deps, out, count, known };
    switch (type) {
      case 'event':
        await digestEvent(kept, item, project);
        break;
      case 'session':
      case 'sessions':
        await digestSessions(tx, env, item, out);
        await keepRaw(kept, item);
        break;
      case 'client_report':
        countClientReport(env, item, out.outcomes);
        break;
      case 'transaction':
        if (!filteredTransaction(kept, item, project.filters)) await keepRaw(kept, item);
        break;
      default:
        await keepRaw(kept, item);
    }
  }
}

/** What handling one item needs: the envelope's context and the item's count (marked when its processor reports). */
interface Kept {
  ctx: StageContext;
  env: QueuedEnvelope;
  headers: Record<string, unknown>;
  scrub: ScrubOptions;
  deps: DigestDeps;
  out: EnvelopeOutput;
  count: EnvelopeOutput['itemCounts'][number];
  known: ReadonlySet<string>;
}

/** The item ends in an outcome instead of being stored: counted there, not as accepted. */
function dropped(k: Kept, category: string, reason: string): void {
  k.count.reported = true;
  k.out.outcomes.push({ projectId: k.env.projectId, ts: k.env.received, source: 'server', category, reason, quantity: 1 });
}

/** `as`: the processor to use when it is not the item type's (an `event` item carrying a transaction). */
async function keepRaw(k: Kept, item: EnvelopeItem, as = item.headers.type): Promise<void> {
  const { ctx, env, headers } = k;
  // Processors and the raw store both get the scrubbed payload; one that cannot be scrubbed is not kept.
  const scrubbed = scrubItemPayload(item, k.scrub);
  if (!scrubbed.ok) {
    dropped(k, itemTypeToCategory(as), scrubbed.reason);
    return;
  }
  const processor = k.deps.hooks.items.get(as);
  if (processor) {
    const report = await processor(ctx, { headers: item.headers, payload: scrubbed.payload, recording: scrubbed.recording, envelopeHeaders: headers, received: env.received });
    if (report) {
      k.count.reported = true;
      for (const a of report.accepted) k.out.accepted.push({ projectId: env.projectId, ts: env.received, category: a.category, quantity: a.quantity });
    }
    return;
  }
  await storeRawItem(ctx.tx, {
    projectId: env.projectId,
    type: item.headers.type,
    received: env.received,
    eventId: typeof headers.event_id === 'string' ? headers.event_id : null,
    headers: item.headers,
    payload: scrubbed.payload,
  });
}

function parseJson(item: EnvelopeItem): unknown {
  return itemJson(item);
}

async function digestEvent(k: Kept, item: EnvelopeItem, project: ProjectSettings): Promise<void> {
  const { filters } = project;
  const { ctx, env, headers, scrub, deps, out } = k;
  const raw = parseJson(item);
  // A transaction sent as an `event` item goes straight to its processor (not normalized as an error event first).
  if ((raw as { type?: unknown }).type === 'transaction' && (raw as { exception?: unknown }).exception === undefined) {
    if (!filteredTransaction(k, item, filters, raw)) await keepRaw(k, item, 'transaction');
    return;
  }
  const event = normalizeEvent(raw, {
    receivedAt: env.received / 1000,
    clientIp: env.clientIp ?? undefined,
    envelopeEventId: typeof headers.event_id === 'string' ? headers.event_id : undefined,
  });
  const isError = event.type !== 'feedback' && event.type !== 'transaction';
  // Inbound filters see the event before scrubbing (the localhost filter reads the IP); a dropped error event
  // is neither stored nor grouped, and is counted once with the filter's id as the reason.
  const filtered = isError ? matchInboundFilter(event, filters) : undefined;
  if (filtered) {
    dropped(k, 'error', filtered);
    return;
  }
  // A repeat of a stored (or batched) event is dropped before the costly stages; the writer checks again.
  if (isError && k.known.has(`${ctx.projectId}:${event.event_id}`)) {
    dropped(k, 'error', 'duplicate');
    return;
  }
  // PII is scrubbed before anything about the event is stored or handed to later stages.
  scrubEvent(event, scrub);
  if (!isError) {
    await keepRaw(k, item, event.type === 'transaction' ? 'transaction' : undefined);
    return;
  }
  for (const stage of deps.hooks.beforeGroup) await stage(ctx, event);
  // Symbolication filled in original source (context lines): scrubbed too before anything is stored.
  scrubSymbolicatedFrames(event, scrub);
  const grouping = computeGrouping(event, { config: project.groupingConfig, fingerprintRules: project.fingerprintRules });
  storeGroupingOnEvent(event, grouping);
  out.events.push({ ctx, input: { orgId: ctx.orgId, projectId: ctx.projectId, event, grouping, receivedMs: env.received } });
}

/**
 * The inbound filters for a transaction, as Relay applies them to transactions too (localhost, web crawlers,
 * legacy browsers and releases can match one): a match is one `filtered` outcome of category `transaction` with
 * the filter's id, and nothing of it is stored. Normalized for this only when a filter is on; `raw` when already
 * parsed (the processor reads the item again, so this view is not handed on).
 */
function filteredTransaction(k: Kept, item: EnvelopeItem, filters: FilterOptions, raw?: unknown): boolean {
  if (!hasInboundFilters(filters)) return false;
  const { env, headers } = k;
  const view = normalizeEvent(raw ?? itemJson(item), { receivedAt: env.received / 1000, clientIp: env.clientIp ?? undefined, envelopeEventId: typeof headers.event_id === 'string' ? headers.event_id : undefined });
  const reason = matchInboundFilter(view, filters);
  if (!reason) return false;
  k.out.outcomes.push({ projectId: env.projectId, ts: env.received, source: 'server', category: 'transaction', reason, quantity: 1 });
  return true;
}

function countClientReport(env: QueuedEnvelope, item: EnvelopeItem, outcomes: OutcomeRow[]): void {
  const data = parseJson(item) as Record<string, unknown>;
  for (const field of ['discarded_events', 'rate_limited_events', 'filtered_events', 'filtered_sampling_events']) {
    const list = Array.isArray(data[field]) ? (data[field] as Array<Record<string, unknown>>) : [];
    for (const d of list) {
      const quantity = Number(d.quantity);
      if (!Number.isFinite(quantity) || quantity <= 0) continue;
      outcomes.push({
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
