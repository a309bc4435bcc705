/**
 * @module Wires tracing into digest: the `transaction` and `span` item processors. `onTransactions` receives each
 * newly stored transaction (event or streamed segment) for the duration aggregates: `transactionSampleOf` from
 * pipeline gives the sample to record.
 */
import type { App } from '../app.ts';
import { createTracingProcessors, type StoredTransactions } from './tracing-processors.ts';

const noAggregates: StoredTransactions = async () => {};

export function installTracing(app: App, onTransactions: StoredTransactions = noAggregates): void {
  const processors = createTracingProcessors(onTransactions);
  app.hooks.items.set('transaction', processors.transaction);
  app.hooks.items.set('span', processors.span);
}
