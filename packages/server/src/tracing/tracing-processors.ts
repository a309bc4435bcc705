/**
 * @module The digest processors of tracing. A `transaction` (item type `transaction`, or an `event` item whose
 * type is transaction) → one `transactions` row and its spans (root included) in `spans`; a `span` item (v1
 * SpanJSON, or SDK 11's v2 container by its content type) → `spans`. The payload arrives scrubbed (digest's
 * scrub step). Each thing not stored is counted once: a transaction that cannot be read (no trace id, span id or
 * start) `invalid` and a repeated one `duplicate` (category `transaction`); spans past the 1,000 bound
 * `too_large`, spans without valid ids or start `invalid`, repeated spans `duplicate` (category `span`, one per span).
 * What was stored is reported as accepted: the transaction, and each stored span (category `span`).
 *
 * With a project sample rate (`sampleRateOf`), a trace the rate leaves out (`keepsTrace`, decided by trace id, so
 * the whole trace goes) is not stored: outcome `sample_rate`, one `transaction` for a transaction event and one
 * `span` per span it held (its root included), as Relay counts a sampled-out transaction. Before that, while an
 * inbound filter is on, each streamed span one matches (`matchSpanFilter`) is one `filtered` outcome of category
 * `span` with the filter's id as reason (transactions meet the filters earlier, in digest).
 *
 * Every newly stored transaction — a transaction event, or a streamed segment span (SDK 11 sends no transaction
 * events) seen for the first time — is handed to `onTransactions` inside the digest transaction, for the duration
 * aggregates (`transactionSampleOf`); a repeat is not handed on again.
 */
import {
  normalizeSpanContainer,
  normalizeSpanV1,
  normalizeTransaction,
  segmentAsTransaction,
  spanDefaultsOf,
  SPAN_V2_CONTENT_TYPE,
  type NormalizedSpan,
  type NormalizedTransaction,
  hasInboundFilters,
  matchSpanFilter,
  type FilterOptions,
  type FilterReason,
} from '@faultline/pipeline';
import { addOutcome, insertSpans, insertTransaction, refreshExclusiveTimes } from '@faultline/store';
import type { ItemProcessor, ItemReport, StageContext } from '../worker/digest-hooks.ts';
import { keepsTrace } from './trace-sampling.ts';

type Reason = 'invalid' | 'duplicate' | 'too_large' | 'sample_rate' | FilterReason;

/** The project's settings tracing reads: its trace sample rate (0–1, null keeps every trace) and inbound filters. */
export interface TraceSettings {
  tracesSampleRate: number | null;
  filters: FilterOptions;
}
export type TraceSettingsOf = (ctx: StageContext) => Promise<TraceSettings | null>;

/** Called with the transactions a processor stored for the first time, inside the digest transaction. */
export type StoredTransactions = (ctx: StageContext, txns: NormalizedTransaction[]) => Promise<void>;

async function count(ctx: StageContext, received: number, category: 'transaction' | 'span', reason: Reason, quantity: number): Promise<void> {
  if (quantity > 0) await addOutcome(ctx.tx, { projectId: ctx.projectId, ts: received, source: 'server', category, reason, quantity });
}

const payloadJson = (payload: Uint8Array): unknown => JSON.parse(Buffer.from(payload).toString('utf8'));

const NOTHING: ItemReport = { accepted: [] };

/** Stores the spans, counts the repeats; returns the segments that were new and how many spans were stored. */
async function storeSpans(ctx: StageContext, spans: NormalizedSpan[], received: number): Promise<{ stored: number; newSegments: NormalizedSpan[] }> {
  // Segments (usually one per container) one by one, so a repeat is known per segment; the rest in bulk.
  const newSegments: NormalizedSpan[] = [];
  const rest: NormalizedSpan[] = [];
  for (const s of spans) {
    if (!s.isSegment) rest.push(s);
    else if ((await insertSpans(ctx.tx, ctx.projectId, [s], received)) === 1) newSegments.push(s);
  }
  const stored = newSegments.length + (await insertSpans(ctx.tx, ctx.projectId, rest, received));
  await count(ctx, received, 'span', 'duplicate', spans.length - stored);
  return { stored, newSegments };
}

/**
 * The inbound filters on streamed spans (only while one is on): each span a filter matches is one `filtered`
 * outcome of category `span` whose reason is the filter's id, and is not stored; returns the rest.
 */
async function withoutFiltered(ctx: StageContext, spans: NormalizedSpan[], filters: FilterOptions | undefined, received: number): Promise<NormalizedSpan[]> {
  if (!filters || !hasInboundFilters(filters)) return spans;
  const kept: NormalizedSpan[] = [];
  const byReason = new Map<FilterReason, number>();
  for (const s of spans) {
    const reason = matchSpanFilter(s, filters);
    if (reason) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    else kept.push(s);
  }
  for (const [reason, n] of byReason) await count(ctx, received, 'span', reason, n);
  return kept;
}

export function createTracingProcessors(onTransactions: StoredTransactions, settingsOf: TraceSettingsOf = async () => null): { transaction: ItemProcessor; span: ItemProcessor } {
  const transaction: ItemProcessor = async (ctx, item) => {
    const eventId = item.envelopeHeaders.event_id;
    const r = normalizeTransaction(payloadJson(item.payload), { receivedAt: item.received / 1000, envelopeEventId: typeof eventId === 'string' ? eventId : undefined });
    if (!r.ok) {
      await count(ctx, item.received, 'transaction', 'invalid', 1);
      return NOTHING;
    }
    const { txn } = r;
    if (!keepsTrace(txn.root.traceId, (await settingsOf(ctx))?.tracesSampleRate ?? null)) {
      await count(ctx, item.received, 'transaction', 'sample_rate', 1);
      await count(ctx, item.received, 'span', 'sample_rate', 1 + txn.spans.length);
      return NOTHING;
    }
    // A repeated transaction is one outcome; its spans are not counted again.
    if (!(await insertTransaction(ctx.tx, ctx.projectId, txn, item.received))) {
      await count(ctx, item.received, 'transaction', 'duplicate', 1);
      return NOTHING;
    }
    const { stored } = await storeSpans(ctx, [txn.root, ...txn.spans], item.received);
    await count(ctx, item.received, 'span', 'too_large', txn.droppedSpans);
    await count(ctx, item.received, 'span', 'invalid', txn.invalidSpans);
    await onTransactions(ctx, [txn]);
    return { accepted: [{ category: 'transaction', quantity: 1 }, { category: 'span', quantity: stored }] };
  };

  const span: ItemProcessor = async (ctx, item) => {
    const defaults = spanDefaultsOf(item.envelopeHeaders);
    const payload = payloadJson(item.payload);
    let spans: NormalizedSpan[];
    if (item.headers.content_type === SPAN_V2_CONTENT_TYPE) {
      const batch = normalizeSpanContainer(payload, defaults);
      await count(ctx, item.received, 'span', 'too_large', batch.dropped);
      await count(ctx, item.received, 'span', 'invalid', batch.invalid);
      spans = batch.spans;
    } else {
      const one = normalizeSpanV1(payload, defaults);
      if (!one) {
        await count(ctx, item.received, 'span', 'invalid', 1);
        return NOTHING;
      }
      spans = [one];
    }
    const settings = await settingsOf(ctx);
    // Filters before sampling, as Relay orders them: a filtered span is `filtered`, never `sample_rate`.
    spans = await withoutFiltered(ctx, spans, settings?.filters, item.received);
    const rate = settings?.tracesSampleRate ?? null;
    if (rate !== null) {
      const kept = spans.filter((s) => keepsTrace(s.traceId, rate));
      await count(ctx, item.received, 'span', 'sample_rate', spans.length - kept.length);
      spans = kept;
    }
    const { stored, newSegments } = await storeSpans(ctx, spans, item.received);
    // A v2 container is one part of its segments: parents and children in other containers change exclusive times.
    if (item.headers.content_type === SPAN_V2_CONTENT_TYPE && spans.length > 0) await refreshExclusiveTimes(ctx.tx, ctx.projectId, spans);
    if (newSegments.length > 0) await onTransactions(ctx, newSegments.map(segmentAsTransaction));
    return { accepted: [{ category: 'span', quantity: stored }] };
  };

  return { transaction, span };
}
