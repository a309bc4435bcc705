/** @module Wires tracing into digest: the `transaction` and `span` item processors. */
import type { App } from '../app.ts';
import { processSpan, processTransaction } from './tracing-processors.ts';

export function installTracing(app: App): void {
  app.hooks.items.set('transaction', processTransaction);
  app.hooks.items.set('span', processSpan);
}
