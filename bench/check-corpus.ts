/**
 * @module Checks the corpus against the real pipeline, in-process, no server: every variant of an issue must get
 * the same grouping hash and different issues different hashes (so the run yields ~1,000 issues), and reports
 * what one event costs in each pure digest stage (parse, normalize, scrub, group, serialize and pack the body).
 * `node --import tsx bench/check-corpus.ts`
 */
import { performance } from 'node:perf_hooks';
import { parseEnvelope } from '@faultline/protocol';
import { computeGrouping, normalizeEvent, scrubEvent } from '@faultline/pipeline';
import { encodeJsonBody } from '@faultline/store';
import { Corpus, DEFAULT_CORPUS } from './corpus.ts';
import { REPO } from './faultline-process.ts';

const corpus = new Corpus({
  ...DEFAULT_CORPUS,
  fixturesDir: `${REPO}/fixtures/sdk-11.12.0`,
  node: { projectId: '1', publicKey: '0123456789abcdef0123456789abcdef' },
  browser: { projectId: '2', publicKey: 'fedcba9876543210fedcba9876543210' },
});
const hashOwner = new Map<string, number>();
const issueHash = new Map<number, string>();
let splitIssues = 0;
let tags = 0;
const time = { parseEnvelope: 0, jsonParse: 0, normalize: 0, scrub: 0, group: 0, stringify: 0, deflate: 0 };
const bodies = corpus.eventBodies();
for (const { issue, body } of bodies) {
  const b = Buffer.from(body.toString().replaceAll('b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0', '0123456789abcdef0123456789abcdef'));
  let t = performance.now();
  const env = parseEnvelope(b);
  time.parseEnvelope += performance.now() - t;
  t = performance.now();
  const raw = JSON.parse(Buffer.from(env.items[0]!.payload).toString('utf8')) as unknown;
  time.jsonParse += performance.now() - t;
  t = performance.now();
  const event = normalizeEvent(raw, { receivedAt: Date.now() / 1000 });
  time.normalize += performance.now() - t;
  t = performance.now();
  scrubEvent(event);
  time.scrub += performance.now() - t;
  t = performance.now();
  const g = computeGrouping(event, {});
  time.group += performance.now() - t;
  t = performance.now();
  const json = JSON.stringify(event);
  time.stringify += performance.now() - t;
  t = performance.now();
  encodeJsonBody(json);
  time.deflate += performance.now() - t;
  tags += event.tags.length;
  const h = g.hashes[0] ?? '(none)';
  const prev = issueHash.get(issue);
  if (prev === undefined) issueHash.set(issue, h);
  else if (prev !== h) splitIssues++;
  if (!hashOwner.has(h)) hashOwner.set(h, issue);
}
const distinct = new Set(issueHash.values()).size;
const byHash = new Map<string, number[]>();
for (const [issue, h] of issueHash) byHash.set(h, [...(byHash.get(h) ?? []), issue]);
for (const [h, issues] of byHash) {
  if (issues.length > 1) console.log(`  issues ${issues.join(', ')} share hash ${h}: ${issues.map((i) => corpus.shapes[i]!.culprit).join(' / ')}`);
}
const per = (ms: number) => `${((1000 * ms) / bodies.length).toFixed(0)} µs`;
console.log(`${bodies.length} event bodies, ${issueHash.size} issues → ${distinct} distinct primary hashes; ${splitIssues} variants hashed differently from their issue's first`);
console.log(`tags per event (mean): ${(tags / bodies.length).toFixed(1)}`);
console.log(`per event: parseEnvelope ${per(time.parseEnvelope)}, JSON.parse ${per(time.jsonParse)}, normalizeEvent ${per(time.normalize)}, scrubEvent ${per(time.scrub)}, computeGrouping ${per(time.group)}, JSON.stringify ${per(time.stringify)}, encodeJsonBody ${per(time.deflate)}`);
if (distinct < issueHash.size * 0.95 || splitIssues > 0) process.exitCode = 1;
