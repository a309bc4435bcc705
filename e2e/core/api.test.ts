import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';

interface Issue {
  id: string;
  title: string;
  status: string;
  count: string;
  statusDetails: Record<string, unknown>;
  substatus: string | null;
}

for (const dialect of DIALECTS) {
  describe(`REST API (${dialect})`, () => {
    let t: TestServer;
    const issuesPath = () => `/api/0/projects/faultline/${t.projectSlug}/issues/`;
    const search = async (q: string, extra = '') => (await t.api<Issue[]>(`${issuesPath()}?query=${encodeURIComponent(q)}${extra}`)).body;

    before(async () => {
      t = await startTestServer(dialect);
      // 30 distinct issues for pagination, plus a few with distinguishing fields.
      for (let i = 0; i < 30; i++) await sendEvent(t, errorEvent('PageError', `page ${i}`, `handler${i}`, { environment: 'staging' }));
      await sendEvent(t, errorEvent('PaymentError', 'card declined', 'charge', { release: 'shop@1.0.0', environment: 'production', tags: { customer: 'acme corp' }, level: 'fatal' }));
      await sendEvent(t, errorEvent('PaymentError', 'card expired', 'charge', { release: 'shop@1.0.0', environment: 'production', tags: { customer: 'globex' } }));
      await sendEvent(t, { message: 'Disk almost full on host db-1', level: 'warning', environment: 'production' });
      await waitForDigest(t);
    });
    after(async () => t?.close());

    it('paginates with a Link header and cursors', async () => {
      const first = await t.api<Issue[]>(`${issuesPath()}?query=PageError&limit=25`);
      assert.equal(first.body.length, 25);
      const link = first.headers.get('link')!;
      assert.match(link, /rel="next"; results="true"; cursor="0:25:0"/);
      assert.match(link, /rel="previous"; results="false"/);
      const next = await t.api<Issue[]>(`${issuesPath()}?query=PageError&limit=25&cursor=0:25:0`);
      assert.equal(next.body.length, 5);
      assert.match(next.headers.get('link')!, /rel="next"; results="false"/);
      const ids = new Set([...first.body, ...next.body].map((i) => i.id));
      assert.equal(ids.size, 30);
    });

    it('supports the search syntax: level, environment, release, tags, negation, quotes, free text', async () => {
      assert.deepEqual((await search('level:warning')).map((i) => i.title), ['Disk almost full on host db-1']);
      assert.equal((await search('environment:production')).length, 2);
      assert.equal((await search('!environment:staging')).length, 2);
      // Negated level reaches the SQL: each drops exactly the issues at that level.
      assert.deepEqual((await search('!level:warning Disk almost')).length, 0);
      assert.deepEqual((await search('!level:fatal PaymentError')).map((i) => i.title), ['PaymentError: card expired']);
      assert.deepEqual((await search('!level:error')).map((i) => i.title), ['Disk almost full on host db-1']);
      assert.equal((await search('release:shop@1.0.0')).length, 1);
      assert.equal((await search('customer:"acme corp"')).length, 1);
      assert.equal((await search('is:unresolved Disk almost')).length, 1);
      assert.equal((await search('', '&environment=staging')).length, 25);
      const bad = await t.api<{ detail: string }>(`${issuesPath()}?query=${encodeURIComponent('level:"unterminated')}`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /invalid search query/);
    });

    it('refuses a 1000-term search with a 400 and a detail, not a 500; JSON answers carry nosniff', async () => {
      const query = Array.from({ length: 1000 }, (_, i) => (i % 2 ? 'level:error' : `word${i}`)).join(' ');
      const res = await t.api<{ detail: string }>(`${issuesPath()}?query=${encodeURIComponent(query)}`);
      assert.equal(res.status, 400);
      assert.match(res.body.detail, /Too many search terms \(at most 100\)/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      const ok = await t.api(issuesPath());
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
    });

    it('sorts by frequency and filters by statsPeriod', async () => {
      const freq = await search('PaymentError', '&sort=freq');
      assert.equal(freq[0]!.count, '2');
      assert.equal((await search('PaymentError', '&statsPeriod=24h')).length, 1);
      const badSort = await t.api(`${issuesPath()}?sort=loudest`);
      assert.equal(badSort.status, 400);
    });

    it('resolves in a release: older releases do not reopen it, a later one does', async () => {
      const [issue] = await search('PaymentError');
      const put = await t.api<Issue>(`/api/0/issues/${issue!.id}/`, { method: 'PUT', body: JSON.stringify({ status: 'resolved', statusDetails: { inRelease: 'shop@1.1.0' } }) });
      assert.equal(put.body.status, 'resolved');
      assert.deepEqual(put.body.statusDetails, { inRelease: 'shop@1.1.0' });
      await sendEvent(t, errorEvent('PaymentError', 'late retry', 'charge', { release: 'shop@1.0.0' }));
      await waitForDigest(t);
      assert.equal((await t.api<Issue>(`/api/0/issues/${issue!.id}/`)).body.status, 'resolved');
      await sendEvent(t, errorEvent('PaymentError', 'still broken', 'charge', { release: 'shop@1.2.0' }));
      await waitForDigest(t);
      const after = (await t.api<Issue & { activity: Array<{ type: string }> }>(`/api/0/issues/${issue!.id}/`)).body;
      assert.equal(after.status, 'unresolved');
      assert.equal(after.substatus, 'regressed');
      assert.ok(after.activity.some((a) => a.type === 'set_regression'));
      assert.ok(after.activity.some((a) => a.type === 'set_resolved_in_release'));
    });

    it('resolves in a non-semver release: a release first seen before it does not reopen the issue, a later one does', async () => {
      // Names chosen so that string order disagrees with the order Faultline first saw them.
      const send = (release: string) => sendEvent(t, errorEvent('BuildError', 'stale asset', 'bundle', { release }));
      await send('zulu-build');
      await waitForDigest(t);
      await send('alpha-build');
      await waitForDigest(t);
      const [issue] = await search('BuildError');
      const put = await t.api<Issue>(`/api/0/issues/${issue!.id}/`, { method: 'PUT', body: JSON.stringify({ status: 'resolved', statusDetails: { inRelease: 'alpha-build' } }) });
      assert.equal(put.body.status, 'resolved');
      await send('zulu-build');
      await send('alpha-build');
      await waitForDigest(t);
      assert.equal((await t.api<Issue>(`/api/0/issues/${issue!.id}/`)).body.status, 'resolved', 'the resolving release and an older one keep it resolved');
      await send('mike-build');
      await waitForDigest(t);
      const after = (await t.api<Issue>(`/api/0/issues/${issue!.id}/`)).body;
      assert.equal(after.status, 'unresolved');
      assert.equal(after.substatus, 'regressed');
    });

    it('a resolved issue regresses on its next event, with a regression in its activity', async () => {
      await sendEvent(t, errorEvent('CacheError', 'miss storm', 'warm'));
      await waitForDigest(t);
      const [issue] = await search('CacheError');
      const put = await t.api<Issue>(`/api/0/issues/${issue!.id}/`, { method: 'PUT', body: JSON.stringify({ status: 'resolved' }) });
      assert.equal(put.body.status, 'resolved');
      assert.equal((await search('is:resolved CacheError')).length, 1);
      await sendEvent(t, errorEvent('CacheError', 'miss storm again', 'warm'));
      await waitForDigest(t);
      const after = (await t.api<Issue & { activity: Array<{ type: string }> }>(`/api/0/issues/${issue!.id}/`)).body;
      assert.equal(after.status, 'unresolved');
      assert.equal(after.substatus, 'regressed');
      assert.equal(after.count, '2');
      assert.equal(after.activity.filter((a) => a.type === 'set_regression').length, 1);
      assert.deepEqual((await search('is:regressed CacheError')).map((i) => i.id), [issue!.id]);
    });

    it('ignores an issue, and shows its events oldest to latest with neighbours', async () => {
      const [issue] = await search('Disk almost');
      const put = await t.api<Issue>(`/api/0/issues/${issue!.id}/`, { method: 'PUT', body: JSON.stringify({ status: 'ignored' }) });
      assert.equal(put.body.status, 'ignored');
      assert.equal((await search('is:unresolved Disk almost')).length, 0, 'ignored issues leave the unresolved list');
      const byDefault = await t.api<Issue[]>(issuesPath());
      assert.ok(!byDefault.body.some((i) => i.id === issue!.id), 'no query at all means is:unresolved, as in Sentry');
      assert.equal((await search('is:ignored')).length, 1);
      const [pay] = await search('PaymentError');
      const oldest = await t.api<{ eventID: string; nextEventID: string | null; previousEventID: string | null }>(`/api/0/issues/${pay!.id}/events/oldest/`);
      const latest = await t.api<{ eventID: string; nextEventID: string | null; previousEventID: string | null }>(`/api/0/issues/${pay!.id}/events/latest/`);
      assert.equal(oldest.body.previousEventID, null);
      assert.equal(latest.body.nextEventID, null);
      assert.notEqual(oldest.body.eventID, latest.body.eventID);
      const list = await t.api<Array<{ eventID: string }>>(`/api/0/issues/${pay!.id}/events/`);
      assert.equal(list.body.length, 4);
      const byId = await t.api<{ eventID: string }>(`/api/0/projects/faultline/${t.projectSlug}/events/${oldest.body.eventID}/`);
      assert.equal(byId.body.eventID, oldest.body.eventID);
      const tags = await t.api<Array<{ key: string; topValues: Array<{ value: string; count: number }> }>>(`/api/0/issues/${pay!.id}/tags/`);
      const customer = tags.body.find((x) => x.key === 'customer');
      assert.deepEqual(customer?.topValues.map((v) => v.value).sort(), ['acme corp', 'globex']);
    });

    it('deletes an issue and its events', async () => {
      const [issue] = await search('page 3');
      assert.equal((await t.api(`/api/0/issues/${issue!.id}/`, { method: 'DELETE' })).status, 202);
      assert.equal((await t.api(`/api/0/issues/${issue!.id}/`)).status, 404);
    });

    it('creates projects through the teams endpoint and lists keys with their DSN', async () => {
      const created = await t.api<{ slug: string; id: string }>('/api/0/teams/faultline/default/projects/', { method: 'POST', body: JSON.stringify({ name: 'Dashboard Edge', platform: 'javascript-nextjs' }) });
      assert.equal(created.status, 201);
      assert.equal(created.body.slug, 'dashboard-edge');
      const keys = await t.api<Array<{ dsn: { public: string }; isActive: boolean }>>(`/api/0/projects/faultline/dashboard-edge/keys/`);
      assert.match(keys.body[0]!.dsn.public, new RegExp(`^http://[0-9a-f]{32}@127\\.0\\.0\\.1:\\d+/${created.body.id}$`));
      const dup = await t.api('/api/0/teams/faultline/default/projects/', { method: 'POST', body: JSON.stringify({ name: 'Dashboard Edge' }) });
      assert.equal(dup.status, 409);
      const noAuth = await fetch(`${t.url}/api/0/organizations/faultline/projects/`);
      assert.equal(noAuth.status, 401);
    });

    it('deleting a key refuses it at ingest at once, not after the key cache expires', async () => {
      const keysPath = `/api/0/projects/faultline/${t.projectSlug}/keys/`;
      const { body: key } = await t.api<{ id: string }>(keysPath, { method: 'POST', body: JSON.stringify({ name: 'short-lived' }) });
      const post = () => fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${key.id}`, { method: 'POST', body: '{}\n{"type":"session"}\n{"sid":"a","status":"ok","started":"2024-01-01T00:00:00Z"}' });
      assert.equal((await post()).status, 200, 'the new key works (and is now cached)');
      assert.equal((await t.api(`${keysPath}${key.id}/`, { method: 'DELETE' })).status, 204);
      const refused = await post();
      assert.equal(refused.status, 403);
      assert.match(((await refused.json()) as { detail: string }).detail, /unknown DSN public key/);
      await waitForDigest(t); // the accepted session, so the queue is empty for what follows
    });

    it('exposes health, readiness and Prometheus metrics', async () => {
      assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
      const ready = await fetch(`${t.url}/readyz`);
      assert.equal(ready.status, 200);
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      assert.match(metrics, /faultline_items_received_total\{type="event"\} \d+/);
      assert.match(metrics, /faultline_events_digested_total \d+/);
      assert.match(metrics, /faultline_queue_depth 0/);
      const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]);
      const rss = gauge('process_resident_memory_bytes');
      const heap = gauge('nodejs_heap_size_total_bytes');
      assert.ok(heap > 0 && gauge('nodejs_heap_size_used_bytes') > 0 && gauge('nodejs_heap_size_used_bytes') <= heap, 'the main thread heap gauges');
      assert.ok(rss > heap, `RSS ${rss} holds at least the main heap ${heap}`);
      assert.ok(gauge('nodejs_external_memory_bytes') > 0, 'off-heap memory');
    });
  });
}
