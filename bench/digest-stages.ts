/**
 * @module `node --import tsx bench/digest-stages.ts --queue DIR [--rounds N]`: process CPU µs per error event of
 * each pure digest stage, over the error events of a queue `bench/digest-cpu.ts --fill-only DIR` filled (SQLite).
 * Stage-major: each stage runs over every event and is timed once (`process.cpuUsage`), so the timer costs nothing
 * per event and the figure holds on a loaded machine far better than wall time. Prints the median of the rounds
 * after the first. Stages: the depth scan, `JSON.parse`, `normalizeEvent`, `scrubEvent`, `computeGrouping`,
 * `JSON.stringify` of the stored body, and `encodeEventBody` (stringify + pack, as the writer stores it).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { jsonNestingDepth, parseEnvelope } from '@faultline/protocol';
import { computeGrouping, normalizeEvent, scrubEvent } from '@faultline/pipeline';
import { encodeEventBody } from '../packages/store/src/digest/event-body.ts';

const { values } = parseArgs({ options: { queue: { type: 'string' }, rounds: { type: 'string', default: '4' } } });
if (!values.queue) throw new Error('--queue DIR (a bench/digest-cpu.ts --fill-only data dir) is required');
const db = new Database(join(values.queue, 'queue.sqlite'), { readonly: true });
const payloads: Uint8Array[] = [];
for (const r of db.prepare('SELECT body FROM queue').all() as Array<{ body: Uint8Array }>) {
  for (const item of parseEnvelope(r.body).items) if (item.headers.type === 'event') payloads.push(item.payload);
}
db.close();
const cpu = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
const laps: Record<string, number[]> = {};
for (let round = 0; round < Number(values.rounds); round++) {
  let t = cpu();
  const lap = (stage: string) => {
    const now = cpu();
    (laps[stage] ??= []).push((now - t) / payloads.length);
    t = now;
  };
  for (const p of payloads) jsonNestingDepth(p, 128);
  lap('depth scan');
  const raws = payloads.map((p) => JSON.parse(Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8')) as unknown);
  lap('JSON.parse');
  const events = raws.map((r) => normalizeEvent(r, { receivedAt: 1_796_591_325 }));
  lap('normalize');
  for (const e of events) scrubEvent(e, {});
  lap('scrub');
  for (const e of events) {
    const g = computeGrouping(e, {});
    Object.assign(e, { hashes: g.hashes, metadata: g.metadata, title: g.title, culprit: g.culprit }); // as digest stores them
  }
  lap('group');
  for (const e of events) JSON.stringify(e);
  lap('stringify');
  for (const e of events) encodeEventBody(e);
  lap('stringify + pack');
}
const median = (v: number[]) => {
  const s = v.slice(1).sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 10) / 10;
};
console.log(JSON.stringify({ events: payloads.length, cpuUsPerEvent: Object.fromEntries(Object.entries(laps).map(([k, v]) => [k, median(v)])) }));
