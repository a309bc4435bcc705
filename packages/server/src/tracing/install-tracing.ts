/**
 * @module Wires tracing into digest: the `transaction` and `span` item processors. `onTransactions` receives each
 * newly stored transaction (event or streamed segment); the project's inbound filters drop streamed spans they match and its `tracesSampleRate` drops whole
 * traces (`trace-sampling.ts`); by default `onTransactions` adds each one's sample
 * (`transactionSampleOf`) to the per-minute duration aggregates in the same digest transaction.
 */
import { transactionSampleOf } from '@faultline/pipeline';
import { recordTransactionSamples } from '@faultline/store';
import type { App } from '../app.ts';
import { createTracingProcessors, type StoredTransactions } from './tracing-processors.ts';

/** The default `onTransactions`: each new transaction's sample into the duration aggregates. */
export const recordAggregates: StoredTransactions = (ctx, txns) => recordTransactionSamples(ctx.tx, txns.map((t) => transactionSampleOf(ctx.projectId, t)));

export function installTracing(app: App, onTransactions: StoredTransactions = recordAggregates): void {
  // The project's trace sample rate and inbound filters, from the cache digest reads its other settings from.
  const processors = createTracingProcessors(onTransactions, (ctx) => app.projects.get(app.db, ctx.projectId));
  app.hooks.items.set('transaction', processors.transaction);
  app.hooks.items.set('span', processors.span);
}
