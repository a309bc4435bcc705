/**
 * Inbound filters and allowed domains end to end on both dialects: each filter switched on through Sentry's API
 * drops its event in digest (not stored, no issue touched) with exactly one `filtered` outcome carrying the
 * filter's id as reason, visible in stats_v2; switched off, the same event is stored. The real @sentry/node
 * meets the release filter; transactions (the real Python SDK's, and hand-made ones as `transaction` or `event`
 * items) meet the filters too, counted as filtered transactions, and so do
 * streamed spans (SDK 11's v2 containers and v1 span items), one filtered `span` outcome per span. A disallowed Origin is refused with 403 and counted as `cors`.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { errorEvent, newEventId, sendEvent } from '../helpers/send-event.ts';
import { runClient } from '../helpers/run-client.ts';
import { transactionBody } from '../helpers/transaction-body.ts';

const BURST = fileURLToPath(new URL('./apps/burst-app.mjs', import.meta.url));
const PY_TRANSACTION = fileURLToPath(new URL('./apps/python-transaction.py', import.meta.url));
const PAGE = 'https://shop.example.com/cart';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface StatsGroup {
  by: { outcome: string; category: string; reason: string };
  totals: { 'sum(quantity)': number };
}

/** Per filter: how to switch it on and off, and an event it drops. */
const CASES: Array<{ reason: string; on: Record<string, unknown> | string; off: Record<string, unknown> | string; event: () => Record<string, unknown> }> = [
  {
    reason: 'browser-extensions',
    on: 'browser-extensions',
    off: 'browser-extensions',
    event: () => ({
      platform: 'javascript',
      request: { url: PAGE, headers: { 'User-Agent': CHROME } },
      exception: { values: [{ type: 'TypeError', value: 'x is undefined', stacktrace: { frames: [{ abs_path: 'chrome-extension://abcdef/content.js', function: 'inject', lineno: 3 }] } }] },
    }),
  },
  { reason: 'localhost', on: 'localhost', off: 'localhost', event: () => errorEvent('Error', 'local dev', 'dev', { request: { url: 'http://localhost:3000/' } }) },
  {
    reason: 'web-crawlers',
    on: 'web-crawlers',
    off: 'web-crawlers',
    event: () => errorEvent('Error', 'crawled', 'crawl', { request: { url: PAGE, headers: { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' } } }),
  },
  {
    reason: 'legacy-browsers',
    on: 'legacy-browsers',
    off: 'legacy-browsers',
    event: () => errorEvent('Error', 'old', 'old', { request: { url: PAGE, headers: { 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko' } } }),
  },
  {
    reason: 'error-message',
    on: { options: { 'filters:error_messages': 'NoiseError: *\n*ResizeObserver loop*' } },
    off: { options: { 'filters:error_messages': '' } },
    event: () => errorEvent('NoiseError', 'ignore me', 'noise'),
  },
  {
    reason: 'release-version',
    on: { options: { 'filters:releases': '*-beta*' } },
    off: { options: { 'filters:releases': '' } },
    event: () => errorEvent('Error', 'beta only', 'beta', { release: 'shop@2.0.0-beta.1' }),
  },
];

for (const dialect of DIALECTS) {
  describe(`inbound filters and allowed domains (${dialect})`, () => {
    let t: TestServer;
    const project = () => `/api/0/projects/faultline/${t.projectSlug}`;
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => t?.close());

    async function setFilter(change: Record<string, unknown> | string, active: boolean): Promise<void> {
      const res =
        typeof change === 'string'
          ? await t.api(`${project()}/filters/${change}/`, { method: 'PUT', body: JSON.stringify({ active }) })
          : await t.api(`${project()}/`, { method: 'PUT', body: JSON.stringify(change) });
      assert.equal(res.status, typeof change === 'string' ? 204 : 200, JSON.stringify(res.body));
    }
    async function stored(eventId: string): Promise<boolean> {
      return (await t.server.app.db.get('SELECT id FROM events WHERE project_id = ? AND event_id = ?', [t.projectId, eventId])) !== undefined;
    }
    async function issueCount(): Promise<number> {
      return Number((await t.server.app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM issues WHERE project_id = ?', [t.projectId]))?.n);
    }
    async function filtered(reason: string, category = 'error', outcome = 'filtered'): Promise<number> {
      await t.server.app.outcomes.flush();
      const { body } = await t.api<{ groups: StatsGroup[] }>('/api/0/organizations/faultline/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=category&groupBy=reason&statsPeriod=1d');
      return body.groups.filter((g) => g.by.outcome === outcome && g.by.reason === reason && g.by.category === category).reduce((n, g) => n + g.totals['sum(quantity)'], 0);
    }

    async function accepted(): Promise<number> {
      await t.server.app.outcomes.flush();
      const { body } = await t.api<{ groups: StatsGroup[] }>('/api/0/organizations/faultline/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=category&statsPeriod=1d');
      return body.groups.filter((g) => g.by.outcome === 'accepted' && g.by.category === 'error').reduce((n, g) => n + g.totals['sum(quantity)'], 0);
    }

    it('lists the filters in Sentry\'s shape, all off by default', async () => {
      const { status, body } = await t.api<Array<{ id: string; active: boolean }>>(`${project()}/filters/`);
      assert.equal(status, 200);
      assert.deepEqual(body.map((f) => [f.id, f.active]), [['browser-extensions', false], ['localhost', false], ['web-crawlers', false], ['legacy-browsers', false]]);
      assert.equal((await t.api(`${project()}/filters/no-such-filter/`, { method: 'PUT', body: '{"active":true}' })).status, 404);
      assert.equal((await t.api(`${project()}/filters/localhost/`, { method: 'PUT', body: '{"active":"yes"}' })).status, 400);
    });

    for (const c of CASES) {
      it(`${c.reason}: on → not stored, one filtered outcome; off → stored`, async () => {
        await setFilter(c.on, true);
        const issuesBefore = await issueCount();
        const countedBefore = await filtered(c.reason);
        const acceptedBefore = await accepted();
        const dropped = newEventId();
        const kept = newEventId();
        await sendEvent(t, { ...c.event(), event_id: dropped });
        await sendEvent(t, errorEvent('Error', 'an ordinary error', `ordinary_${c.reason.replace('-', '_')}`, { event_id: kept, request: { url: PAGE } }));
        await waitForDigest(t);
        assert.equal(await stored(dropped), false, 'the filtered event is not stored');
        assert.equal(await stored(kept), true, 'an event the filter does not match is stored');
        assert.equal(await issueCount(), issuesBefore + 1, 'only the ordinary event made an issue');
        assert.equal((await filtered(c.reason)) - countedBefore, 1, 'one filtered outcome with the reason');
        assert.equal((await accepted()) - acceptedBefore, 1, 'only the stored event is counted accepted, the filtered one is not');
        if (typeof c.on === 'string') {
          const { body } = await t.api<Array<{ id: string; active: boolean }>>(`${project()}/filters/`);
          assert.equal(body.find((f) => f.id === c.on)?.active, true);
        }

        await setFilter(c.off, false);
        const again = newEventId();
        await sendEvent(t, { ...c.event(), event_id: again });
        await waitForDigest(t);
        assert.equal(await stored(again), true, 'with the filter off the same event is stored');
        assert.equal((await filtered(c.reason)) - countedBefore, 1, 'and nothing more is counted');
      });
    }

    it('the project shows its filter globs in Sentry\'s option names; bad ones are a 400', async () => {
      await setFilter({ options: { 'filters:releases': 'a@*\nb@1.?' } }, true);
      const { body } = await t.api<{ options: Record<string, string>; allowedDomains: string[] }>(`${project()}/`);
      assert.equal(body.options['filters:releases'], 'a@*\nb@1.?');
      assert.deepEqual(body.allowedDomains, ['*']);
      const bad = await t.api<{ detail: string }>(`${project()}/`, { method: 'PUT', body: JSON.stringify({ options: { 'filters:releases': ['x'] } }) });
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /filters:releases/);
      await setFilter({ options: { 'filters:releases': '' } }, false);
    });

    it('the real @sentry/node: errors of a filtered release are each counted, none stored', async () => {
      await setFilter({ options: { 'filters:releases': 'burst@*' } }, true);
      const before = await filtered('release-version');
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [BURST], { env: { ...process.env, DSN: t.dsn, COUNT: '3' }, stdio: 'ignore' });
        child.on('error', reject);
        child.on('exit', resolve);
      });
      assert.equal(code, 0);
      await waitForDigest(t);
      assert.equal((await filtered('release-version')) - before, 3);
      const n = await t.server.app.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE release = 'burst@1.0.0'");
      assert.equal(Number(n?.n), 0);
      await setFilter({ options: { 'filters:releases': '' } }, false);
    });

    it('transactions are filtered too (as Relay does): the real Python SDK\'s transaction of a filtered release, localhost ones sent either way', async () => {
      const transactions = async () => Number((await t.server.app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM transactions WHERE project_id = ?', [t.projectId]))?.n);
      const sendTransaction = async (asType: 'transaction' | 'event', url: string) => {
        const id = newEventId();
        const body = [JSON.stringify({ event_id: id }), JSON.stringify({ type: asType }), JSON.stringify(transactionBody(id, randomBytes(16).toString('hex'), { release: 'shop@1.0.0', request: { url } }))].join('\n');
        assert.equal((await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body })).status, 200);
      };
      await setFilter({ options: { 'filters:releases': 'billing@*' } }, true);
      const [releaseBefore, localBefore, stored0] = [await filtered('release-version', 'transaction'), await filtered('localhost', 'transaction'), await transactions()];
      await runClient('/usr/bin/python3', [PY_TRANSACTION], t.dsn);
      await waitForDigest(t);
      assert.equal((await filtered('release-version', 'transaction')) - releaseBefore, 1, 'one filtered transaction outcome with the release filter\'s reason');
      assert.equal(await transactions(), stored0, 'the transaction is not stored');
      assert.equal(Number((await t.server.app.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM spans WHERE transaction_name = 'nightly-invoices'"))?.n), 0, 'nor its spans');

      await setFilter('localhost', true);
      await sendTransaction('transaction', 'http://localhost:3000/cart');
      await sendTransaction('event', 'http://127.0.0.1:8080/');
      await sendTransaction('transaction', PAGE);
      await waitForDigest(t);
      assert.equal((await filtered('localhost', 'transaction')) - localBefore, 2, 'both localhost transactions counted once each');
      assert.equal(await transactions(), stored0 + 1, 'only the page\'s transaction is stored');

      await setFilter('localhost', false);
      await setFilter({ options: { 'filters:releases': '' } }, false);
      await runClient('/usr/bin/python3', [PY_TRANSACTION], t.dsn);
      await waitForDigest(t);
      assert.equal(await transactions(), stored0 + 2, 'with the filters off it is stored');
      assert.equal((await filtered('release-version', 'transaction')) - releaseBefore, 1, 'and nothing more is counted');
    });

    it('streamed spans are filtered too (as Relay does): an SDK 11 v2 container and a v1 span item, one filtered span outcome each, none stored', async () => {
      const attr = (value: string) => ({ type: 'string', value });
      const spansOf = async (trace: string) => Number((await t.server.app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM spans WHERE project_id = ? AND trace_id = ?', [t.projectId, trace]))?.n);
      const post = async (header: Record<string, unknown>, payload: unknown, envelope: Record<string, unknown> = {}) => {
        const body = `${JSON.stringify(envelope)}\n${JSON.stringify(header)}\n${JSON.stringify(payload)}\n`;
        assert.equal((await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body })).status, 200);
      };
      const now = Date.now() / 1000;
      const v2 = (trace: string, n: number, attributes: (k: number) => Record<string, unknown>) => ({
        items: Array.from({ length: n }, (_, k) => ({
          trace_id: trace, span_id: randomBytes(8).toString('hex'), parent_span_id: k === 0 ? undefined : 'a000000000000001', name: `span ${k}`,
          start_timestamp: now - 1, end_timestamp: now, is_segment: false, status: 'ok', attributes: { 'sentry.op': attr('db'), ...attributes(k) },
        })),
      });
      const container = (n: number) => ({ type: 'span', content_type: 'application/vnd.sentry.items.span.v2+json', item_count: n });
      const [beta, mixed, v1, local, off] = Array.from({ length: 5 }, () => randomBytes(16).toString('hex'));
      await setFilter({ options: { 'filters:releases': '*-beta*' } }, true);
      const [releaseBefore, localBefore] = [await filtered('release-version', 'span'), await filtered('localhost', 'span')];
      // Four spans of a beta release (named by attribute), three of a container whose spans disagree (one beta),
      // and a v1 span whose release comes from the envelope's trace header.
      await post(container(4), v2(beta, 4, () => ({ 'sentry.release': attr('shop@2.0.0-beta.1') })));
      await post(container(3), v2(mixed, 3, (k) => ({ 'sentry.release': attr(k === 1 ? 'shop@2.0.0-beta.2' : 'shop@1.9.0') })));
      await post({ type: 'span' }, { trace_id: v1, span_id: randomBytes(8).toString('hex'), op: 'ui.webvital.lcp', description: 'lcp', start_timestamp: now - 1, timestamp: now }, { trace: { trace_id: v1, release: 'shop@2.0.0-beta.1' } });
      await waitForDigest(t);
      assert.equal((await filtered('release-version', 'span')) - releaseBefore, 4 + 1 + 1, 'one filtered span outcome per span of a filtered release');
      assert.deepEqual([await spansOf(beta), await spansOf(mixed), await spansOf(v1)], [0, 2, 0], 'none of the filtered spans is stored, the others are');

      await setFilter('localhost', true);
      await post(container(2), v2(local, 2, (k) => (k === 0 ? { 'url.full': attr('http://localhost:5173/cart') } : { 'client.address': attr('127.0.0.1') })));
      await waitForDigest(t);
      assert.equal((await filtered('localhost', 'span')) - localBefore, 2, 'a localhost page and a loopback client each one outcome');
      assert.equal(await spansOf(local), 0);

      await setFilter('localhost', false);
      await setFilter({ options: { 'filters:releases': '' } }, false);
      await post(container(4), v2(off, 4, () => ({ 'sentry.release': attr('shop@2.0.0-beta.1'), 'url.full': attr('http://localhost:5173/') })));
      await waitForDigest(t);
      assert.equal(await spansOf(off), 4, 'with the filters off the same spans are stored');
      assert.equal((await filtered('release-version', 'span')) - releaseBefore, 6, 'and nothing more is counted');
      assert.equal((await filtered('localhost', 'span')) - localBefore, 2);
    });

    it('allowed domains: a page outside the list gets 403 and an invalid/cors outcome (as Relay counts it); a listed one is accepted', async () => {
      const put = await t.api<{ allowedDomains: string[] }>(`${project()}/`, { method: 'PUT', body: JSON.stringify({ allowedDomains: ['shop.example.com', '*.example.org'] }) });
      assert.equal(put.status, 200);
      assert.deepEqual(put.body.allowedDomains, ['shop.example.com', '*.example.org']);
      const post = (headers: Record<string, string>, id = newEventId()) =>
        fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, {
          method: 'POST',
          headers,
          body: [JSON.stringify({ event_id: id }), '{"type":"event"}', JSON.stringify({ event_id: id, ...errorEvent('Error', 'from a page', 'page') })].join('\n'),
        });
      const before = await filtered('cors', 'error', 'invalid');
      const refused = await post({ origin: 'https://evil.test' });
      assert.equal(refused.status, 403);
      assert.match(((await refused.json()) as { detail: string }).detail, /evil\.test.*allowed domains/);
      assert.equal(refused.headers.get('access-control-allow-origin'), 'https://evil.test', 'the browser can read the refusal');
      assert.equal((await post({ referer: 'https://evil.test/page' })).status, 403, 'Referer when there is no Origin');
      assert.equal((await filtered('cors', 'error', 'invalid')) - before, 2, 'one invalid/cors outcome per refused event');
      assert.equal(await filtered('cors'), 0, 'a refused origin is not a filter in Sentry\'s stats');
      const okId = newEventId();
      assert.equal((await post({ origin: 'https://shop.example.com' }, okId)).status, 200);
      assert.equal((await post({ origin: 'https://eu.example.org' })).status, 200);
      assert.equal((await post({})).status, 200, 'a server SDK sends no Origin');
      await waitForDigest(t);
      assert.equal(await stored(okId), true);
      await t.api(`${project()}/`, { method: 'PUT', body: JSON.stringify({ allowedDomains: ['*'] }) });
      assert.equal((await post({ origin: 'https://evil.test' })).status, 200, "back to ['*']: every page allowed");
    });
  });
}
