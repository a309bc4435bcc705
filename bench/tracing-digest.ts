/**
 * @module `node --import tsx bench/tracing-digest.ts [--seconds N] [--postgres URL]`: digest throughput of tracing
 * alone, on SQLite by default: transactions of 20–50 nested spans through what digest does with each item — the
 * scrub step (`scrub-item.ts`, default options) and the transaction processor (normalize, one `transactions` row,
 * multi-row span inserts) — in batches of 50 transactions per store transaction, as digest batches. Prints spans/s
 * (the target: ≥ 20,000 spans/s on SQLite). Queue and HTTP are not in this figure (see `npm run bench`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SCRUB_OPTIONS } from '@faultline/pipeline';
import { createProject, ensureDefaults, openStore } from '@faultline/store';
import { processTransaction } from '../packages/server/src/tracing/tracing-processors.ts';
import { scrubItemPayload } from '../packages/server/src/worker/scrub-item.ts';
import { seededRandom } from './random.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, postgres: { type: 'string' } } });
const SECONDS = Number(values.seconds);
const BATCH = 50;
const rng = seededRandom(12);
const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
let seq = 1;

function transaction(): { payload: Buffer; spans: number } {
  const traceId = hex(seq++, 32);
  const rootId = hex(seq++, 16);
  const n = 20 + Math.floor(rng() * 31);
  const t0 = 1_795_000_000 + seq / 1000;
  const ids = [rootId];
  const spans = [];
  for (let i = 0; i < n; i++) {
    const id = hex(seq++, 16);
    const parent = ids[Math.floor(rng() * ids.length)];
    const start = t0 + rng() * 0.5;
    spans.push({ span_id: id, parent_span_id: parent, trace_id: traceId, op: ['db', 'http.client', 'cache.get', 'function'][i % 4], description: `SELECT * FROM rooms WHERE id = ${i} AND owner = 'ada@example.com'`, start_timestamp: start, timestamp: start + rng() * 0.2, status: 'ok', data: { 'db.system': 'postgresql', 'thread.id': i } });
    ids.push(id);
  }
  const body = { type: 'transaction', event_id: hex(seq++, 32), transaction: `GET /rooms/${seq % 50}`, start_timestamp: t0, timestamp: t0 + 1, release: 'bench@1', environment: 'production', contexts: { trace: { trace_id: traceId, span_id: rootId, op: 'http.server', status: 'ok' } }, spans, measurements: { ttfb: { value: 12, unit: 'millisecond' } } };
  return { payload: Buffer.from(JSON.stringify(body)), spans: n + 1 };
}

const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-tracing-'));
const store = await openStore({ dataDir, databaseUrl: values.postgres, withoutQueue: true });
try {
  const { org, team } = await ensureDefaults(store.db);
  const { project } = await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'bench', platform: 'node' });
  const pool = Array.from({ length: 2000 }, transaction);
  let spans = 0;
  let transactions = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    await store.db.transaction(async (tx) => {
      for (let i = 0; i < BATCH; i++) {
        const t = pool.length > 0 ? pool.pop()! : transaction();
        const scrubbed = scrubItemPayload({ headers: { type: 'transaction' }, payload: t.payload }, DEFAULT_SCRUB_OPTIONS);
        if (!scrubbed.ok) throw new Error(scrubbed.detail);
        await processTransaction({ tx, projectId: project.id, orgId: org.id }, { headers: { type: 'transaction' }, payload: scrubbed.payload, envelopeHeaders: {}, received: Date.now() });
        spans += t.spans;
        transactions++;
      }
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const stored = await store.db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM spans');
  console.log(JSON.stringify({ backend: values.postgres ? 'postgres' : 'sqlite', seconds: Math.round(seconds * 10) / 10, transactions, spans, storedSpans: Number(stored?.n), spansPerSecond: Math.round(spans / seconds), transactionsPerSecond: Math.round(transactions / seconds) }));
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
