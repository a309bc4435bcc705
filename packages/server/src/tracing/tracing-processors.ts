/**
 * @module The digest processors of tracing. A `transaction` (item type `transaction`, or an `event` item whose
 * type is transaction) → one `transactions` row and its spans (root included) in `spans`; a `span` item (v1
 * SpanJSON, or SDK 11's v2 container by its content type) → `spans`. The payload arrives scrubbed (digest's
 * scrub step). Each thing not stored is counted once: a transaction that cannot be read (no trace id, span id or
 * start) `invalid` and a repeated one `duplicate` (category `transaction`); spans past the 1,000 bound
 * `too_large`, spans without valid ids or start `invalid`, repeated spans `duplicate` (category `span`, one per span).
 * Each new transaction, and each new streamed segment span, adds one sample to the per-minute duration aggregates
 * (`recordTransactionSamples`) in the same digest transaction, so the Performance figures count it exactly once.
 */
import {
  normalizeSpanContainer,
  normalizeSpanV1,
  normalizeTransaction,
  segmentSampleOf,
  spanDefaultsOf,
  SPAN_V2_CONTENT_TYPE,
  transactionSampleOf,
  type NormalizedSpan,
} from '@faultline/pipeline';
import { addOutcome, insertSpans, insertTransaction, recordTransactionSamples } from '@faultline/store';
import type { ItemProcessor, StageContext } from '../worker/digest-hooks.ts';

type Reason = 'invalid' | 'duplicate' | 'too_large';

async function count(ctx: StageContext, received: number, category: 'transaction' | 'span', reason: Reason, quantity: number): Promise<void> {
  if (quantity > 0) await addOutcome(ctx.tx, { projectId: ctx.projectId, ts: received, source: 'server', category, reason, quantity });
}

const payloadJson = (payload: Uint8Array): unknown => JSON.parse(Buffer.from(payload).toString('utf8'));

/**
 * Stores spans (a repeat is one `duplicate` each) and adds every newly stored streamed segment to the duration
 * aggregates. Segments go in one at a time, so a segment sent twice is counted in the aggregates once.
 */
async function storeSpans(ctx: StageContext, spans: NormalizedSpan[], received: number): Promise<void> {
  const segments = spans.filter((s) => s.isSegment);
  const rest = segments.length === 0 ? spans : spans.filter((s) => !s.isSegment);
  let inserted = await insertSpans(ctx.tx, ctx.projectId, rest, received);
  const samples = [];
  for (const seg of segments) {
    if ((await insertSpans(ctx.tx, ctx.projectId, [seg], received)) === 0) continue;
    inserted++;
    samples.push(segmentSampleOf(ctx.projectId, seg));
  }
  if (samples.length > 0) await recordTransactionSamples(ctx.tx, samples);
  await count(ctx, received, 'span', 'duplicate', spans.length - inserted);
}

export const processTransaction: ItemProcessor = async (ctx, item) => {
  const eventId = item.envelopeHeaders.event_id;
  const r = normalizeTransaction(payloadJson(item.payload), { receivedAt: item.received / 1000, envelopeEventId: typeof eventId === 'string' ? eventId : undefined });
  if (!r.ok) return count(ctx, item.received, 'transaction', 'invalid', 1);
  const { txn } = r;
  // A repeated transaction is one outcome; its spans are not counted again.
  if (!(await insertTransaction(ctx.tx, ctx.projectId, txn, item.received))) return count(ctx, item.received, 'transaction', 'duplicate', 1);
  // The transaction is new: its root joins the duration aggregates here (its spans are stored as plain spans).
  await recordTransactionSamples(ctx.tx, [transactionSampleOf(ctx.projectId, txn)]);
  const stored = await insertSpans(ctx.tx, ctx.projectId, [txn.root, ...txn.spans], item.received);
  await count(ctx, item.received, 'span', 'duplicate', txn.spans.length + 1 - stored);
  await count(ctx, item.received, 'span', 'too_large', txn.droppedSpans);
  await count(ctx, item.received, 'span', 'invalid', txn.invalidSpans);
};

export const processSpan: ItemProcessor = async (ctx, item) => {
  const defaults = spanDefaultsOf(item.envelopeHeaders);
  const payload = payloadJson(item.payload);
  if (item.headers.content_type === SPAN_V2_CONTENT_TYPE) {
    const batch = normalizeSpanContainer(payload, defaults);
    await storeSpans(ctx, batch.spans, item.received);
    await count(ctx, item.received, 'span', 'too_large', batch.dropped);
    await count(ctx, item.received, 'span', 'invalid', batch.invalid);
    return;
  }
  const span = normalizeSpanV1(payload, defaults);
  if (!span) return count(ctx, item.received, 'span', 'invalid', 1);
  await storeSpans(ctx, [span], item.received);
};
