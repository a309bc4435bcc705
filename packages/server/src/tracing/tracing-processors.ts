/**
 * @module The digest processors of tracing. A `transaction` (item type `transaction`, or an `event` item whose
 * type is transaction) → one `transactions` row and its spans (root included) in `spans`; a `span` item (v1
 * SpanJSON, or SDK 11's v2 container by its content type) → `spans`. The payload arrives scrubbed (digest's
 * scrub step). Each thing not stored is counted once: a transaction that cannot be read (no trace id, span id or
 * start) `invalid` and a repeated one `duplicate` (category `transaction`); spans past the 1,000 bound
 * `too_large`, spans without valid ids or start `invalid`, repeated spans `duplicate` (category `span`, one per span).
 * What was stored is reported as accepted: the transaction, and each stored span (category `span`).
 */
import { normalizeSpanContainer, normalizeSpanV1, normalizeTransaction, spanDefaultsOf, SPAN_V2_CONTENT_TYPE, type NormalizedSpan } from '@faultline/pipeline';
import { addOutcome, insertSpans, insertTransaction } from '@faultline/store';
import type { ItemProcessor, ItemReport, StageContext } from '../worker/digest-hooks.ts';

type Reason = 'invalid' | 'duplicate' | 'too_large';

async function count(ctx: StageContext, received: number, category: 'transaction' | 'span', reason: Reason, quantity: number): Promise<void> {
  if (quantity > 0) await addOutcome(ctx.tx, { projectId: ctx.projectId, ts: received, source: 'server', category, reason, quantity });
}

const payloadJson = (payload: Uint8Array): unknown => JSON.parse(Buffer.from(payload).toString('utf8'));

const NOTHING: ItemReport = { accepted: [] };

/** Stores the spans, counts the repeats; returns how many were stored. */
async function storeSpans(ctx: StageContext, spans: NormalizedSpan[], received: number): Promise<number> {
  const inserted = await insertSpans(ctx.tx, ctx.projectId, spans, received);
  await count(ctx, received, 'span', 'duplicate', spans.length - inserted);
  return inserted;
}

export const processTransaction: ItemProcessor = async (ctx, item) => {
  const eventId = item.envelopeHeaders.event_id;
  const r = normalizeTransaction(payloadJson(item.payload), { receivedAt: item.received / 1000, envelopeEventId: typeof eventId === 'string' ? eventId : undefined });
  if (!r.ok) {
    await count(ctx, item.received, 'transaction', 'invalid', 1);
    return NOTHING;
  }
  const { txn } = r;
  // A repeated transaction is one outcome; its spans are not counted again.
  if (!(await insertTransaction(ctx.tx, ctx.projectId, txn, item.received))) {
    await count(ctx, item.received, 'transaction', 'duplicate', 1);
    return NOTHING;
  }
  const stored = await storeSpans(ctx, [txn.root, ...txn.spans], item.received);
  await count(ctx, item.received, 'span', 'too_large', txn.droppedSpans);
  await count(ctx, item.received, 'span', 'invalid', txn.invalidSpans);
  return { accepted: [{ category: 'transaction', quantity: 1 }, { category: 'span', quantity: stored }] };
};

export const processSpan: ItemProcessor = async (ctx, item) => {
  const defaults = spanDefaultsOf(item.envelopeHeaders);
  const payload = payloadJson(item.payload);
  if (item.headers.content_type === SPAN_V2_CONTENT_TYPE) {
    const batch = normalizeSpanContainer(payload, defaults);
    const stored = await storeSpans(ctx, batch.spans, item.received);
    await count(ctx, item.received, 'span', 'too_large', batch.dropped);
    await count(ctx, item.received, 'span', 'invalid', batch.invalid);
    return { accepted: [{ category: 'span', quantity: stored }] };
  }
  const span = normalizeSpanV1(payload, defaults);
  if (!span) {
    await count(ctx, item.received, 'span', 'invalid', 1);
    return NOTHING;
  }
  return { accepted: [{ category: 'span', quantity: await storeSpans(ctx, [span], item.received) }] };
};
