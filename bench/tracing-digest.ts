/**
 * @module `node --import tsx bench/tracing-digest.ts [--seconds N] [--postgres URL]`: digest throughput of tracing
 * alone, on SQLite by default: transactions of 20–50 nested spans through what digest does with each item — the
 * scrub step (`scrub-item.ts`, default options) and the transaction processor (normalize, one `transactions` row,
 * multi-row span inserts, the duration aggregates at every level) — in batches of 50 transactions per store
 * transaction, as digest batches. Prints spans/s
 * (the target: ≥ 20,000 spans/s on SQLite) and spans per CPU-second of this process (the figure that
 * holds on a machine other work shares). Queue and HTTP are not in this figure (see `npm run bench`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SCRUB_OPTIONS } from '@faultline/pipeline';
import { createProject, ensureDefaults, openStore } from '@faultline/store';
import { recordAggregates } from '../packages/server/src/tracing/install-tracing.ts';
import { createTracingProcessors } from '../packages/server/src/tracing/tracing-processors.ts';
import { scrubItemPayload } from '../packages/server/src/worker/scrub-item.ts';
import { transactionPayloads } from './transaction-payload.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, postgres: { type: 'string' } } });
const SECONDS = Number(values.seconds);
const BATCH = 50;
const { transaction: processTransaction } = createTracingProcessors(recordAggregates);
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
        const scrubbed = scrubItemPayload({ headers: { type: 'transaction' }, payload: t.payload }, DEFAULT_SCRUB_OPTIONS);
        if (!scrubbed.ok) throw new Error(scrubbed.detail);
        await processTransaction({ tx, projectId: project.id, orgId: org.id }, { headers: { type: 'transaction' }, payload: scrubbed.payload, envelopeHeaders: {}, received: Date.now() });
        spans += t.spans;
        transactions++;
      }
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const stored = await store.db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM spans');
  console.log(JSON.stringify({ backend: values.postgres ? 'postgres' : 'sqlite', seconds: Math.round(seconds * 10) / 10, transactions, spans, storedSpans: Number(stored?.n), spansPerSecond: Math.round(spans / seconds), cpuSeconds: Math.round(cpuSeconds * 10) / 10, spansPerCpuSecond: Math.round(spans / cpuSeconds), transactionsPerSecond: Math.round(transactions / seconds) }));
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
