/**
 * @module `transactionPayload`: one SDK-shaped `transaction` event of 20–50 nested child spans (db, http.client,
 * cache, function; a secret-looking description for the scrubber to find), as the tracing benches send it through
 * digest's transaction processor.
 */
import { seededRandom } from './random.ts';

export interface TransactionShape {
  /** End of the transaction, epoch seconds. */
  end: number;
  name: string;
  environment: string;
  /** The root's duration, ms. */
  durationMs: number;
  failed?: boolean;
}

export interface TransactionPayload {
  payload: Buffer;
  /** Spans in it, the root included. */
  spans: number;
}

const OPS = ['db', 'http.client', 'cache.get', 'function'];
const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0');

/** A generator of transactions with ids unique within it (seeded, so runs are repeatable). */
export function transactionPayloads(seed: number): (shape: TransactionShape) => TransactionPayload {
  const rng = seededRandom(seed);
  let seq = seed * 1_000_000_000;
  return (shape) => {
    const traceId = hex(seq++, 32);
    const rootId = hex(seq++, 16);
    const n = 20 + Math.floor(rng() * 31);
    const seconds = shape.durationMs / 1000;
    const t0 = shape.end - seconds;
    const ids = [rootId];
    const spans = [];
    for (let i = 0; i < n; i++) {
      const id = hex(seq++, 16);
      const start = t0 + rng() * seconds * 0.5;
      spans.push({
        span_id: id, parent_span_id: ids[Math.floor(rng() * ids.length)], trace_id: traceId, op: OPS[i % OPS.length],
        description: `SELECT * FROM rooms WHERE id = ${i} AND owner = 'ada@example.com'`, start_timestamp: start,
        timestamp: start + rng() * seconds * 0.4, status: 'ok', data: { 'db.system': 'postgresql', 'thread.id': i },
      });
      ids.push(id);
    }
    const body = {
      type: 'transaction', event_id: hex(seq++, 32), transaction: shape.name, start_timestamp: t0, timestamp: shape.end, release: 'bench@1',
      environment: shape.environment, contexts: { trace: { trace_id: traceId, span_id: rootId, op: 'http.server', status: shape.failed ? 'internal_error' : 'ok' } },
      spans, measurements: { ttfb: { value: 12, unit: 'millisecond' } },
    };
    return { payload: Buffer.from(JSON.stringify(body)), spans: n + 1 };
  };
}
