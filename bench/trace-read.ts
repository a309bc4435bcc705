/**
 * @module `node --import tsx bench/trace-read.ts [--spans 500] [--runs 50] [--postgres URL]`: how long the trace view's
 * reads and tree building take for one trace (the target: ≤ 50 ms for a 500-span trace), next to
 * `--noise N` other transactions of 30 spans in the same project. Reads: the trace's first page (its segments and up to 2,000 spans), transactions and errors
 * (store), then `buildTrace`; no HTTP. Prints p50/p95/max in ms, and the CPU ms per read (steadier on a shared machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeTransaction } from '@faultline/pipeline';
import { createProject, ensureDefaults, insertSpans, insertTransaction, listTraceErrors, listTraceSpanPage, listTraceTransactions, openStore } from '@faultline/store';
import { buildTrace } from '../packages/server/src/api/tracing/build-trace.ts';
import { DEFAULT_TRACE_SPANS, MAX_TRACE_PAGE_BYTES, MAX_TRACE_SEGMENTS } from '../packages/server/src/api/tracing/trace-api.ts';

const { values } = parseArgs({ options: { spans: { type: 'string', default: '500' }, runs: { type: 'string', default: '50' }, noise: { type: 'string', default: '2000' }, postgres: { type: 'string' } } });
const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
let seq = 1;

/** One trace of `segments` transactions of `per` spans each, chained parent → child. */
function trace(traceNo: number, segments: number, per: number) {
  const traceId = hex(traceNo, 32);
  const out = [];
  let parent: string | undefined;
  for (let s = 0; s < segments; s++) {
    const root = hex(seq++, 16);
    const spans = Array.from({ length: per - 1 }, (_, i) => ({ span_id: hex(seq++, 16), parent_span_id: root, op: 'db', description: `q${i}`, start_timestamp: 1_795_000_000 + i / 1000, timestamp: 1_795_000_000.5 + i / 1000 }));
    const r = normalizeTransaction({ type: 'transaction', event_id: hex(seq++, 32), transaction: `t${s}`, start_timestamp: 1_795_000_000, timestamp: 1_795_000_001, contexts: { trace: { trace_id: traceId, span_id: root, parent_span_id: parent, op: 'http.server' } }, spans }, { receivedAt: 1_795_000_002 });
    if (!r.ok) throw new Error(r.detail);
    out.push(r.txn);
    parent = spans[0]?.span_id;
  }
  return out;
}

const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-trace-'));
const store = await openStore({ dataDir, databaseUrl: values.postgres, withoutQueue: true });
try {
  const { org, team } = await ensureDefaults(store.db);
  const { project } = await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'bench', platform: 'node' });
  const spansWanted = Number(values.spans);
  const insert = async (txns: ReturnType<typeof trace>) => {
    await store.db.transaction(async (tx) => {
      for (const t of txns) {
        await insertTransaction(tx, project.id, t, Date.now());
        await insertSpans(tx, project.id, [t.root, ...t.spans], Date.now());
      }
    });
  };
  for (let i = 0; i < Number(values.noise); i++) await insert(trace(1_000_000 + i, 1, 30));
  await insert(trace(42, 10, Math.ceil(spansWanted / 10)));
  const projects = new Map([[project.id, { id: project.id, slug: project.slug }]]);
  const times: number[] = [];
  let built = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < Number(values.runs); i++) {
    const t0 = performance.now();
    const id = hex(42, 32);
    const page = await listTraceSpanPage(store.db, [project.id], id, { offset: 0, limit: DEFAULT_TRACE_SPANS, maxSegments: MAX_TRACE_SEGMENTS, maxBytes: MAX_TRACE_PAGE_BYTES });
    const spans = [...page.segments, ...page.spans];
    const [txns, errors] = [await listTraceTransactions(store.db, [project.id], id, MAX_TRACE_SEGMENTS), await listTraceErrors(store.db, [project.id], id, 100)];
    const tree = buildTrace(spans, txns, errors, projects, new Map());
    times.push(performance.now() - t0);
    if (tree.transactions.length !== 1) throw new Error(`expected one root segment, got ${tree.transactions.length}`);
    built = spans.length;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPerRead = Math.round(((cpu.user + cpu.system) / 1000 / times.length) * 10) / 10;
  times.sort((a, b) => a - b);
  const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 10) / 10;
  console.log(JSON.stringify({ backend: values.postgres ? 'postgres' : 'sqlite', traceSpans: built, otherSpans: Number(values.noise) * 30, runs: times.length, p50Ms: q(0.5), p95Ms: q(0.95), maxMs: q(1), cpuMsPerRead }));
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
