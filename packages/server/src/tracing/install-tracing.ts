/**
 * @module Wires tracing into digest and the API: the `transaction` and `span` item processors, and the project
 * event endpoint's lookup of a transaction by id. `onTransactions` receives each
 * newly stored transaction (event or streamed segment); the project's inbound filters drop streamed spans they match and its `tracesSampleRate` drops whole
 * traces (`trace-sampling.ts`); by default `onTransactions` adds each one's sample
 * (`transactionSampleOf`) to the per-minute duration aggregates in the same digest transaction.
 */
import { transactionSampleOf } from '@faultline/pipeline';
import { decodeTransactionBody, getTransaction, listTransactionSpans, recordTransactionSamples, type Db } from '@faultline/store';
import type { App } from '../app.ts';
import { serializeTransactionEvent } from '../api/tracing/serialize-transaction-event.ts';
import { createTracingProcessors, type StoredTransactions } from './tracing-processors.ts';

/** The default `onTransactions`: each new transaction's sample into the duration aggregates. */
export const recordAggregates: StoredTransactions = (ctx, txns) => recordTransactionSamples(ctx.tx, txns.map((t) => transactionSampleOf(ctx.projectId, t)));

export function installTracing(app: App, onTransactions: StoredTransactions = recordAggregates): void {
  // The project's trace sample rate and inbound filters, from the cache digest reads its other settings from.
  const processors = createTracingProcessors(onTransactions, (ctx) => app.projects.get(app.db, ctx.projectId));
  app.hooks.items.set('transaction', processors.transaction);
  app.hooks.items.set('span', processors.span);
  app.hooks.projectEventLookups.push(transactionEvent);
}

/** A stored transaction as the project event endpoint shows it, with its spans; undefined when there is none. */
async function transactionEvent(db: Db, projectId: number, eventId: string): Promise<unknown> {
  const txn = await getTransaction(db, projectId, eventId);
  if (!txn) return undefined;
  const spans = await listTransactionSpans(db, projectId, txn.trace_id, txn.event_id);
  return serializeTransactionEvent(txn, decodeTransactionBody(txn.body!), spans);
}
