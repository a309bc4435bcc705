/**
 * @module `node --import tsx bench/tracing-digest.ts [--seconds N] [--postgres URL]`: digest throughput of tracing
 * alone, on SQLite by default: transactions of 20–50 nested spans through what digest does with each item — the
 * scrub step (`scrub-item.ts`, default options) and the transaction processor (normalize, one `transactions` row,
 * multi-row span inserts, the duration aggregates at every level) — in batches of 50 transactions per store
 * transaction, as digest batches. Prints spans/s
 * (the target: ≥ 20,000 spans/s on SQLite) and spans per CPU-second of this process (the figure that
 * holds on a machine other work shares). Queue and HTTP are not in this figure (see `npm run bench`).
 * `--containers`: the same spans as SDK 11 v2 span containers instead, each segment split over two containers
 * (its root and the first half of its spans, then the rest), so the span processor's cross-container exclusive-time
 * refresh runs for every second container.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SCRUB_OPTIONS, SPAN_V2_CONTENT_TYPE } from '@faultline/pipeline';
import { createProject, ensureDefaults, openStore } from '@faultline/store';
import { recordAggregates } from '../packages/server/src/tracing/install-tracing.ts';
import { createTracingProcessors } from '../packages/server/src/tracing/tracing-processors.ts';
import { scrubItemPayload } from '../packages/server/src/worker/scrub-item.ts';
import { transactionPayloads } from './transaction-payload.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, postgres: { type: 'string' }, containers: { type: 'boolean', default: false } } });
const SECONDS = Number(values.seconds);
const BATCH = 50;
const { transaction: processTransaction, span: processSpans } = createTracingProcessors(recordAggregates);

interface BenchSpan { span_id: string; parent_span_id: string; op: string; description: string; start_timestamp: number; timestamp: number }
/** A transaction payload as two v2 span containers of its segment (typed attributes, as SDK 11 sends them). */
function asContainers(payload: Buffer): Buffer[] {
  const t = JSON.parse(payload.toString('utf8')) as { transaction: string; start_timestamp: number; timestamp: number; environment: string; contexts: { trace: { trace_id: string; span_id: string; op: string } }; spans: BenchSpan[] };
  const { trace_id, span_id: seg, op } = t.contexts.trace;
  const attrs = (spanOp: string) => ({
    'sentry.segment.id': { type: 'string', value: seg }, 'sentry.segment.name': { type: 'string', value: t.transaction }, 'sentry.op': { type: 'string', value: spanOp },
    'sentry.environment': { type: 'string', value: t.environment }, 'sentry.release': { type: 'string', value: 'bench@1' },
  });
  const root = { trace_id, span_id: seg, name: t.transaction, start_timestamp: t.start_timestamp, end_timestamp: t.timestamp, is_segment: true, status: 'ok', attributes: attrs(op) };
  const kids = t.spans.map((s) => ({ trace_id, span_id: s.span_id, parent_span_id: s.parent_span_id, name: s.description, start_timestamp: s.start_timestamp, end_timestamp: s.timestamp, is_segment: false, status: 'ok', attributes: attrs(s.op) }));
  const half = Math.ceil(kids.length / 2);
  return [[root, ...kids.slice(0, half)], kids.slice(half)].map((items) => Buffer.from(JSON.stringify({ version: 2, items })));
}
const V2 = { type: 'span', content_type: SPAN_V2_CONTENT_TYPE };
const makeTransaction = transactionPayloads(12);
let seq = 0;
// 50 names, one transaction every millisecond of a fixed day: rows in the aggregates as a busy service has them.
const transaction = () => {
  seq++;
  return makeTransaction({ end: 1_795_000_000 + seq / 1000, name: `GET /rooms/${seq % 50}`, environment: 'production', durationMs: 1000 });
};

const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-tracing-'));
const store = await openStore({ dataDir, databaseUrl: values.postgres, withoutQueue: true });
try {
  const { org, team } = await ensureDefaults(store.db);
  const { project } = await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'bench', platform: 'node' });
  const pool = Array.from({ length: 2000 }, transaction);
  let spans = 0;
  let transactions = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - started < SECONDS * 1000) {
    await store.db.transaction(async (tx) => {
      for (let i = 0; i < BATCH; i++) {
        const t = pool.length > 0 ? pool.pop()! : transaction();
        const ctx = { tx, projectId: project.id, orgId: org.id };
        if (values.containers) {
          for (const payload of asContainers(t.payload)) {
            const scrubbed = scrubItemPayload({ headers: V2, payload }, DEFAULT_SCRUB_OPTIONS);
            if (!scrubbed.ok) throw new Error(scrubbed.detail);
            await processSpans(ctx, { headers: V2, payload: scrubbed.payload, envelopeHeaders: {}, received: Date.now() });
          }
        } else {
          const scrubbed = scrubItemPayload({ headers: { type: 'transaction' }, payload: t.payload }, DEFAULT_SCRUB_OPTIONS);
          if (!scrubbed.ok) throw new Error(scrubbed.detail);
          await processTransaction(ctx, { headers: { type: 'transaction' }, payload: scrubbed.payload, envelopeHeaders: {}, received: Date.now() });
        }
        spans += t.spans;
        transactions++;
      }
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const stored = await store.db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM spans');
  console.log(JSON.stringify({ backend: values.postgres ? 'postgres' : 'sqlite', input: values.containers ? 'v2 containers (2 per segment)' : 'transaction events', cpuUsPerSpan: Math.round((cpuSeconds * 1e6 / spans) * 10) / 10, seconds: Math.round(seconds * 10) / 10, transactions, spans, storedSpans: Number(stored?.n), spansPerSecond: Math.round(spans / seconds), cpuSeconds: Math.round(cpuSeconds * 10) / 10, spansPerCpuSecond: Math.round(spans / cpuSeconds), transactionsPerSecond: Math.round(transactions / seconds) }));
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
