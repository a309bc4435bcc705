/**
 * The transactions Discover API end to end, on both dialects: samples fed through `recordTransactionSamples` in
 * store transactions (as digest will), spread over ten minutes, two environments, two projects of two teams.
 * Asserts `events` rows against percentiles computed exactly from the samples here (within the sketch's
 * documented relative error) and exact counts, tpm, averages and failure rates; sorting, paging, filters, team
 * scoping, bad input 400s; and `events-stats` buckets (one yAxis and several, and `topEvents` groups with Other).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DURATION_SKETCH_RELATIVE_ACCURACY } from '@faultline/pipeline';
import { addTeamMember, createProject, createTeam, createToken, createUser, ensureDefaults, recordTransactionSamples, type TransactionSample } from '@faultline/store';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.ts';

const MIN = 60_000;
/** Ten whole minutes (aligned to ten), about an hour ago. */
const W0 = Math.floor((Date.now() - 3_600_000) / (10 * MIN)) * 10 * MIN;
const W1 = W0 + 10 * MIN;
const WINDOW = `start=${new Date(W0).toISOString()}&end=${new Date(W1).toISOString()}`;
const ALL_FIELDS = ['transaction', 'project', 'count()', 'tpm()', 'p50()', 'p75()', 'p95()', 'p99()', 'avg(transaction.duration)', 'failure_rate()', 'failure_count()'];

/** A small deterministic PRNG, so the data (and any failure) is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

interface Spec { projectId: number; transaction: string; environment: string; n: number; median: number; failEvery: number }

function samplesOf(spec: Spec, seed: number): TransactionSample[] {
  const r = rng(seed);
  return Array.from({ length: spec.n }, (_, i) => {
    const normal = Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());
    const tail = r() < 0.03 ? 20 : 1; // a long tail, as real endpoints have
    return {
      projectId: spec.projectId, transaction: spec.transaction, op: 'http.server', environment: spec.environment, release: spec.environment === 'production' ? 'app@2.0.0' : 'app@2.1.0',
      ts: W0 + Math.floor(r() * 10 * MIN), durationMs: spec.median * Math.exp(0.6 * normal) * tail, failed: i % spec.failEvery === 0,
    };
  });
}

const exactQuantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))]!;

function expected(samples: TransactionSample[]): Record<string, number> {
  const d = samples.map((s) => s.durationMs).sort((a, b) => a - b);
  const failures = samples.filter((s) => s.failed).length;
  return {
    'count()': samples.length, 'tpm()': samples.length / 10, 'failure_count()': failures, 'failure_rate()': failures / samples.length,
    'avg(transaction.duration)': d.reduce((a, b) => a + b, 0) / d.length,
    'p50()': exactQuantile(d, 0.5), 'p75()': exactQuantile(d, 0.75), 'p95()': exactQuantile(d, 0.95), 'p99()': exactQuantile(d, 0.99),
  };
}

function assertRow(row: Record<string, unknown>, samples: TransactionSample[]): void {
  const e = expected(samples);
  for (const k of ['count()', 'failure_count()', 'tpm()', 'failure_rate()']) assert.equal(row[k], e[k], `${String(row.transaction)} ${k}`);
  const avg = row['avg(transaction.duration)'] as number;
  assert.ok(Math.abs(avg - e['avg(transaction.duration)']!) < 1e-9 * avg, `avg ${avg} vs ${e['avg(transaction.duration)']}`);
  for (const k of ['p50()', 'p75()', 'p95()', 'p99()']) {
    const got = row[k] as number;
    assert.ok(Math.abs(got - e[k]!) <= DURATION_SKETCH_RELATIVE_ACCURACY * e[k]!, `${String(row.transaction)} ${k}: ${got} vs exact ${e[k]}`);
  }
}

type Rows = { data: Array<Record<string, unknown>>; meta: { fields: Record<string, string>; units: Record<string, string | null> } };

for (const dialect of DIALECTS) {
  describe(`transactions Discover API over the aggregates (${dialect})`, () => {
    let t: TestServer;
    let redProject = 0;
    let red: (path: string) => Promise<{ status: number; body: unknown }>;
    const all: TransactionSample[] = [];
    const of = (name: string, env?: string) => all.filter((s) => s.transaction === name && (env === undefined || s.environment === env));
    const events = async (qs: string) => {
      const r = await t.api<Rows>(`/api/0/organizations/faultline/events/?${qs}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r;
    };
    const fields = (list: string[]) => list.map((f) => `field=${encodeURIComponent(f)}`).join('&');

    before(async () => {
      t = await startTestServer(dialect);
      const { db } = t.server.app;
      const { org } = await ensureDefaults(db);
      const team = await createTeam(db, org.id, 'red', 'Red');
      redProject = (await createProject(db, { orgId: org.id, teamId: team.id, slug: 'signal-api' })).project.id;
      const specs: Spec[] = [
        { projectId: t.projectId, transaction: 'GET /calls', environment: 'production', n: 1500, median: 120, failEvery: 10 },
        { projectId: t.projectId, transaction: 'GET /calls', environment: 'staging', n: 300, median: 300, failEvery: 3 },
        { projectId: t.projectId, transaction: 'POST /offer', environment: 'production', n: 600, median: 900, failEvery: 50 },
        { projectId: redProject, transaction: 'WS /signal', environment: 'production', n: 400, median: 25, failEvery: 7 },
      ];
      specs.forEach((s, i) => all.push(...samplesOf(s, i + 1)));
      // A sample outside the window must not count.
      all.push({ ...all[0]!, ts: W1 + MIN });
      // Digest batches of 250, in shuffled order, each in its own store transaction.
      const shuffled = [...all].sort((a, b) => a.durationMs * 7919 % 1 - b.durationMs * 7919 % 1);
      for (let i = 0; i < shuffled.length; i += 250) await db.transaction((tx) => recordTransactionSamples(tx, shuffled.slice(i, i + 250)));
      all.pop();

      const member = await createUser(db, { email: 'red@example.com', passwordHash: 'unused: signs in with a token', isAdmin: false });
      await addTeamMember(db, team.id, member.id);
      const { token } = await createToken(db, { userId: member.id, name: 'red', scopes: ['org:read', 'project:read', 'event:read'] });
      red = async (path) => {
        const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
      };
    });
    after(async () => t?.close());

    it('lists transactions per project with exact counts, tpm, failure rates and percentiles within the sketch error', async () => {
      const r = await events(`${fields(ALL_FIELDS)}&dataset=transactions&${WINDOW}&sort=-count()`);
      assert.deepEqual(r.body.data.map((d) => [d.transaction, d.project]), [['GET /calls', 'signaling'], ['POST /offer', 'signaling'], ['WS /signal', 'signal-api']]);
      assertRow(r.body.data[0]!, of('GET /calls'));
      assertRow(r.body.data[1]!, of('POST /offer'));
      assertRow(r.body.data[2]!, of('WS /signal'));
      assert.deepEqual(r.body.meta.fields, {
        transaction: 'string', project: 'string', 'count()': 'integer', 'tpm()': 'rate', 'p50()': 'duration', 'p75()': 'duration', 'p95()': 'duration', 'p99()': 'duration',
        'avg(transaction.duration)': 'duration', 'failure_rate()': 'percentage', 'failure_count()': 'integer',
      });
      assert.equal(r.body.meta.units['p95()'], 'millisecond');
      assert.equal(r.body.meta.units['tpm()'], '1/minute');
    });

    it('filters by environment, project, release, transaction name and part of it', async () => {
      const prod = await events(`${fields(ALL_FIELDS)}&dataset=transactions&${WINDOW}&environment=production&project=${t.projectId}&sort=transaction`);
      assert.deepEqual(prod.body.data.map((d) => d.transaction), ['GET /calls', 'POST /offer']);
      assertRow(prod.body.data[0]!, of('GET /calls', 'production'));
      const staging = await events(`${fields(ALL_FIELDS)}&${WINDOW}&query=${encodeURIComponent('event.type:transaction release:app@2.1.0')}`);
      assert.equal(staging.body.data.length, 1);
      assertRow(staging.body.data[0]!, of('GET /calls', 'staging'));
      const exact = await events(`${fields(['transaction', 'count()'])}&dataset=transactions&${WINDOW}&query=${encodeURIComponent('transaction:"POST /offer"')}`);
      assert.deepEqual(exact.body.data, [{ transaction: 'POST /offer', 'count()': 600 }]);
      const part = await events(`${fields(['transaction', 'count()'])}&dataset=transactions&${WINDOW}&query=${encodeURIComponent('transaction:*signal*')}`);
      assert.deepEqual(part.body.data, [{ transaction: 'WS /signal', 'count()': 400 }]);
      // statsPeriod: the samples are an hour old, so a 30-minute period has none of them.
      assert.deepEqual((await events(`${fields(['transaction', 'count()'])}&dataset=transactions&statsPeriod=30m`)).body.data, []);
      assert.equal((await events(`${fields(['transaction', 'count()'])}&dataset=transactions&statsPeriod=2h`)).body.data.length, 3);
    });

    it('negated terms leave out names, parts of names, environments and releases', async () => {
      const names = async (query: string) =>
        (await events(`${fields(['transaction', 'count()'])}&dataset=transactions&${WINDOW}&sort=transaction&query=${encodeURIComponent(query)}`)).body.data.map((d) => [d.transaction, d['count()']]);
      assert.deepEqual(await names('!transaction:"GET /calls"'), [['POST /offer', 600], ['WS /signal', 400]]);
      assert.deepEqual(await names('!transaction:*CALL* !transaction:"WS /signal"'), [['POST /offer', 600]]);
      assert.deepEqual(await names('!environment:production'), [['GET /calls', 300]]);
      assert.deepEqual(await names('transaction:"GET /calls" !release:app@2.1.0'), [['GET /calls', 1500]]);
      assert.deepEqual(await names('event.type:transaction !environment:staging !environment:production'), []);
    });

    it('environment values for the Performance filters come from transactions (dataset=transactions)', async () => {
      const values = await t.api<Array<{ value: string; count: number }>>('/api/0/organizations/faultline/tags/environment/values/?dataset=transactions');
      assert.equal(values.status, 200, JSON.stringify(values.body));
      // Over the last 90 days, as the error tag values: the sample a minute past the window counts here.
      assert.deepEqual(values.body.map((v) => [v.value, v.count]), [['production', 2501], ['staging', 300]]);
      const ofRed = await t.api<Array<{ value: string }>>(`/api/0/organizations/faultline/tags/environment/values/?dataset=transactions&project=${redProject}`);
      assert.deepEqual(ofRed.body.map((v) => v.value), ['production']);
      assert.deepEqual((await red('/api/0/organizations/faultline/tags/environment/values/?dataset=transactions')).body, [{ key: 'environment', name: 'production', value: 'production', count: 400, firstSeen: (ofRed.body[0] as Record<string, unknown>).firstSeen, lastSeen: (ofRed.body[0] as Record<string, unknown>).lastSeen }], 'another team sees only its own');
      assert.deepEqual((await t.api('/api/0/organizations/faultline/tags/environment/values/')).body, [], 'no error carried these environments');
      const bad = await t.api<{ detail: string }>('/api/0/organizations/faultline/tags/user/values/?dataset=transactions');
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /tag "user" has no values in dataset transactions \(supported: environment, release, transaction\)/);
    });

    it('sorts by any requested field, pages with cursors', async () => {
      const byP95 = await events(`${fields(['transaction', 'p95()'])}&dataset=transactions&${WINDOW}&sort=-p95()`);
      const exactP95 = ['GET /calls', 'POST /offer', 'WS /signal'].map((n) => [n, expected(of(n))['p95()']!] as const).sort((a, b) => b[1] - a[1]);
      assert.deepEqual(byP95.body.data.map((d) => d.transaction), exactP95.map(([n]) => n));
      const asc = await events(`${fields(['transaction', 'failure_rate()'])}&dataset=transactions&${WINDOW}&sort=failure_rate()`);
      const rates = asc.body.data.map((d) => d['failure_rate()'] as number);
      assert.deepEqual(rates, [...rates].sort((a, b) => a - b));
      const first = await events(`${fields(['transaction', 'count()'])}&dataset=transactions&${WINDOW}&sort=-count()&per_page=2`);
      assert.deepEqual(first.body.data.map((d) => d.transaction), ['GET /calls', 'POST /offer']);
      const next = /<([^>]+)>; rel="next"; results="true"/.exec(first.headers.get('link') ?? '');
      assert.ok(next, first.headers.get('link') ?? 'no Link header');
      const second = await t.api<Rows>(new URL(next[1]!).pathname + new URL(next[1]!).search);
      assert.deepEqual(second.body.data.map((d) => d.transaction), ['WS /signal']);
      assert.match(second.headers.get('link') ?? '', /rel="next"; results="false"/);
    });

    it('a member of another team sees only their team\'s transactions', async () => {
      const r = await red(`/api/0/organizations/faultline/events/?${fields(['transaction', 'project', 'count()'])}&dataset=transactions&${WINDOW}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual((r.body as Rows).data, [{ transaction: 'WS /signal', project: 'signal-api', 'count()': 400 }]);
      const other = await red(`/api/0/organizations/faultline/events/?field=count()&dataset=transactions&project=${t.projectId}`);
      assert.equal(other.status, 403);
      const stats = await red(`/api/0/organizations/faultline/events-stats/?yAxis=count()&dataset=transactions&${WINDOW}&interval=10m`);
      assert.equal(stats.status, 200);
      assert.deepEqual((stats.body as { data: unknown[] }).data, [[W0 / 1000, [{ count: 400 }]]]);
    });

    it('refuses unknown fields, error Discover and bad parameters with a 400 and a detail', async () => {
      const cases: Array<[string, RegExp]> = [
        [`field=transaction&field=count_unique(user)&dataset=transactions`, /Unknown field: count_unique\(user\)/],
        [`field=title&field=count()&dataset=errors`, /dataset "errors" is not supported/],
        [`field=transaction&field=count()`, /only transaction queries are supported/],
        [`field=count()&query=event.type:error`, /transaction queries only/],
        [`field=count()&dataset=transactions&sort=-p95()`, /Cannot sort by p95\(\)/],
        [`field=count()&dataset=transactions&query=user.email:a@b.c`, /unsupported key "user.email" \(supported: transaction, !transaction, release, .*transaction\.duration/],
        [`field=count()&dataset=transactions&query=transaction:>5`, /only transaction.duration takes a comparison/],
        [`field=count()&dataset=transactions&query=transaction.duration:>fast`, /a duration is a number with one of the units/],
        [`field=count()&dataset=transactions&query=!transaction.duration:1s`, /negate a duration comparison/],
        [`field=count()&dataset=transactions&query=!event.type:transaction`, /transaction queries only/],
        [`field=count()&dataset=transactions&statsPeriod=forever`, /invalid statsPeriod/],
      ];
      for (const [qs, detail] of cases) {
        const r = await t.api<{ detail: string }>(`/api/0/organizations/faultline/events/?${qs}`);
        assert.equal(r.status, 400, qs);
        assert.match(r.body.detail, detail, qs);
      }
      const r = await t.api<{ detail: string }>(`/api/0/organizations/faultline/events-stats/?yAxis=p95()&interval=30s&${WINDOW}`);
      assert.equal(r.status, 400);
      assert.match(r.body.detail, /whole minutes/);
      for (const [qs, detail] of [
        ['topEvents=11&field=transaction&field=count()', /from 1 to 10/],
        ['topEvents=5&field=count()', /needs a field to group by/],
        ['topEvents=5&field=transaction&field=count()&orderby=-p95()', /Cannot order top events by p95\(\)/],
      ] as const) {
        const d = await t.api<{ detail: string }>(`/api/0/organizations/faultline/events-stats/?yAxis=count()&dataset=transactions&${WINDOW}&${qs}`);
        assert.equal(d.status, 400, qs);
        assert.match(d.body.detail, detail, qs);
      }
    });

    it('events-stats topEvents: a series per top group by the order asked, the rest as Other, exact counts', async () => {
      type Series = { data: Array<[number, [{ count: number }]]>; order: number };
      const perMinute = (samples: TransactionSample[]) => Array.from({ length: 10 }, (_, i) => samples.filter((s) => Math.floor((s.ts - W0) / MIN) === i).length);
      const counts = (s: Series) => s.data.map(([, [v]]) => v.count);
      const top = await t.api<Record<string, Series>>(
        `/api/0/organizations/faultline/events-stats/?yAxis=count()&dataset=transactions&${WINDOW}&interval=1m&topEvents=2&field=transaction&field=project&field=count()&orderby=-count()`,
      );
      assert.equal(top.status, 200, JSON.stringify(top.body));
      // GET /calls 1800, POST /offer 600, WS /signal 400: the first two, the third as Other.
      assert.deepEqual(Object.keys(top.body), ['GET /calls,signaling', 'POST /offer,signaling', 'Other']);
      assert.deepEqual(Object.values(top.body).map((s) => s.order), [0, 1, 2]);
      assert.deepEqual(counts(top.body['GET /calls,signaling']!), perMinute(of('GET /calls')));
      assert.deepEqual(counts(top.body['POST /offer,signaling']!), perMinute(of('POST /offer')));
      assert.deepEqual(counts(top.body.Other!), perMinute(of('WS /signal')));

      // Ordered by p95 (ascending), several yAxis, Other left out, within one environment.
      const byP95 = await t.api<Record<string, Record<string, Series> & { order: number }>>(
        `/api/0/organizations/faultline/events-stats/?yAxis=count()&yAxis=p95()&dataset=transactions&${WINDOW}&interval=5m&topEvents=1&field=transaction&field=p95()&orderby=p95()&excludeOther=1&environment=production`,
      );
      assert.equal(byP95.status, 200, JSON.stringify(byP95.body));
      assert.deepEqual(Object.keys(byP95.body), ['WS /signal']);
      const ws = byP95.body['WS /signal']!;
      assert.equal(ws.order, 0);
      assert.deepEqual(counts(ws['count()']!), [0, 1].map((i) => of('WS /signal').filter((s) => Math.floor((s.ts - W0) / (5 * MIN)) === i).length));
      const bucket = of('WS /signal').filter((s) => s.ts < W0 + 5 * MIN);
      const p95 = ws['p95()']!.data[0]![1][0].count;
      assert.ok(Math.abs(p95 - expected(bucket)['p95()']!) <= DURATION_SKETCH_RELATIVE_ACCURACY * expected(bucket)['p95()']!, `p95 ${p95}`);
      // A member of one team gets only its project's groups.
      const mine = (await red(`/api/0/organizations/faultline/events-stats/?yAxis=count()&dataset=transactions&${WINDOW}&interval=10m&topEvents=5&field=transaction`)).body as Record<string, Series>;
      assert.deepEqual(Object.keys(mine), ['WS /signal']);
    });

    it('events-stats: per-minute counts exact, p95 per bucket within the sketch error, several yAxis keyed by name', async () => {
      const one = await t.api<{ data: Array<[number, [{ count: number }]]>; start: number; end: number }>(
        `/api/0/organizations/faultline/events-stats/?yAxis=count()&dataset=transactions&${WINDOW}&interval=1m&project=${t.projectId}`,
      );
      assert.equal(one.status, 200, JSON.stringify(one.body));
      assert.equal(one.body.start, W0 / 1000);
      assert.equal(one.body.end, W1 / 1000);
      const mine = all.filter((s) => s.projectId === t.projectId);
      assert.deepEqual(one.body.data, Array.from({ length: 10 }, (_, i) => [W0 / 1000 + i * 60, [{ count: mine.filter((s) => Math.floor((s.ts - W0) / MIN) === i).length }]]));

      const several = await t.api<Record<string, { data: Array<[number, [{ count: number }]]>; order: number }>>(
        `/api/0/organizations/faultline/events-stats/?yAxis=p95()&yAxis=tpm()&yAxis=failure_rate()&${WINDOW}&interval=5m&query=${encodeURIComponent('transaction:"GET /calls"')}`,
      );
      assert.equal(several.status, 200, JSON.stringify(several.body));
      assert.deepEqual(Object.keys(several.body), ['p95()', 'tpm()', 'failure_rate()']);
      assert.equal(several.body['tpm()']!.order, 1);
      for (let i = 0; i < 2; i++) {
        const bucket = of('GET /calls').filter((s) => Math.floor((s.ts - W0) / (5 * MIN)) === i);
        const e = expected(bucket);
        const p95 = several.body['p95()']!.data[i]![1][0].count;
        assert.ok(Math.abs(p95 - e['p95()']!) <= DURATION_SKETCH_RELATIVE_ACCURACY * e['p95()']!, `bucket ${i}: p95 ${p95} vs exact ${e['p95()']}`);
        assert.equal(several.body['tpm()']!.data[i]![1][0].count, bucket.length / 5);
        assert.equal(several.body['failure_rate()']!.data[i]![1][0].count, e['failure_rate()']);
      }
    });
  });
}
