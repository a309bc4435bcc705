/**
 * The trace and transaction-event API (issue 12), on both dialects. One distributed trace across two projects: a
 * browser pageload (a v2 span container, project "web") whose fetch span is the parent of the real @sentry/node
 * handler (project "signaling", continuing the trace from `sentry-trace`) with nested spans and a captured error.
 * `GET /organizations/{org}/trace/{id}/` nests all of it with the error in its span; a member who sees only "web"
 * gets only the pageload. `GET /projects/{org}/{p}/events/{id}/` returns a transaction with its spans entry.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { addTeamMember, createProject, createTeam, createToken, createUser, ensureDefaults } from '@faultline/store';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { newEventId } from '../helpers/send-event.ts';
import { runClient } from '../helpers/run-client.ts';
import { transactionBody } from '../helpers/transaction-body.ts';

const APP = fileURLToPath(new URL('./apps/tracing-app.mjs', import.meta.url));
const TRACE = '5b8efff798038103d269b633813fc60c';
const PAGELOAD = '9ea3f380ce359100';
const FETCH = '9ea3f380ce359101';

interface SpanNode { span_id: string; op: string | null; description: string | null; children: SpanNode[]; orphan?: boolean; duration: number }
interface TraceError { event_id: string; issue_id: number; issue: string; span: string; project_slug: string; title: string }
interface Segment { event_id: string; span_id: string; transaction: string; 'transaction.duration': number; 'transaction.op': string; project_slug: string; generation: number; parent_event_id: string | null; measurements: Record<string, { value: number }> | null; errors: TraceError[]; spans: SpanNode[]; children: Segment[] }
interface Trace { transactions: Segment[]; orphan_errors: TraceError[]; orphan_spans: SpanNode[]; meta: { spans: number; segments_returned: number; spans_returned: number; next_cursor: string | null } }

const attr = (value: string | number) => ({ value, type: typeof value === 'number' ? 'double' : 'string' });
function pageloadContainer(t0: number) {
  const common = { 'sentry.segment.id': attr(PAGELOAD), 'sentry.segment.name': attr('/rooms/3'), 'sentry.release': attr('web@1.0'), 'sentry.environment': attr('production') };
  return {
    items: [
      { trace_id: TRACE, span_id: PAGELOAD, name: '/rooms/3', start_timestamp: t0, end_timestamp: t0 + 2, is_segment: true, status: 'ok', attributes: { ...common, 'sentry.op': attr('pageload'), 'browser.web_vital.lcp.value': attr(812.5), 'browser.web_vital.ttfb.value': attr(40) } },
      { trace_id: TRACE, span_id: FETCH, parent_span_id: PAGELOAD, name: 'GET /api/rooms/3', start_timestamp: t0 + 0.5, end_timestamp: t0 + 1.8, is_segment: false, status: 'ok', attributes: { ...common, 'sentry.op': attr('http.client') } },
    ],
  };
}

for (const dialect of DIALECTS) {
  describe(`trace and transaction API (${dialect})`, () => {
    let t: TestServer;
    let ids: Record<string, string>;
    let webOnly: (path: string) => Promise<{ status: number; body: unknown }>;
    let txnId: string;
    before(async () => {
      t = await startTestServer(dialect);
      const { db } = t.server.app;
      const { org } = await ensureDefaults(db);
      const red = await createTeam(db, org.id, 'red', 'Red');
      const web = await createProject(db, { orgId: org.id, teamId: red.id, slug: 'web', platform: 'javascript' });
      const member = await createUser(db, { email: 'red@example.com', passwordHash: 'unused: signs in with a token', isAdmin: false });
      await addTeamMember(db, red.id, member.id);
      const { token } = await createToken(db, { userId: member.id, name: 'red', scopes: ['org:read', 'project:read', 'event:read'] });
      webOnly = async (path) => {
        const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
      };
      const post = async (projectId: number, key: string, body: string) => {
        const res = await fetch(`${t.url}/api/${projectId}/envelope/?sentry_key=${key}`, { method: 'POST', body });
        assert.equal(res.status, 200, await res.text());
      };
      const t0 = Date.now() / 1000 - 5;
      const container = JSON.stringify(pageloadContainer(t0));
      await post(web.project.id, web.key.public_key, `{}\n${JSON.stringify({ type: 'span', content_type: 'application/vnd.sentry.items.span.v2+json', item_count: 2 })}\n${container}\n`);
      ids = await runClient(process.execPath, [APP], t.dsn, { SENTRY_TRACE: `${TRACE}-${FETCH}-1` });
      txnId = newEventId();
      const txn = transactionBody(txnId, 'c'.repeat(32), {
        transaction: 'nightly-invoices',
        spans: [
          { span_id: 'b000000000000001', parent_span_id: 'a000000000000001', op: 'db', description: 'SELECT orders', start_timestamp: 1_795_000_000.1, timestamp: 1_795_000_000.4 },
          { span_id: 'b000000000000002', parent_span_id: 'b000000000000001', op: 'db.fetch', start_timestamp: 1_795_000_000.2, timestamp: 1_795_000_000.3 },
        ],
        measurements: { custom: { value: 3, unit: 'none' } },
      });
      await post(t.projectId, t.publicKey, `${JSON.stringify({ event_id: txnId })}\n${JSON.stringify({ type: 'transaction' })}\n${JSON.stringify(txn)}\n`);
      await waitForDigest(t);
    });
    after(async () => t?.close());

    it('one trace across two projects: the pageload as root, the server handler as its child with nested spans and the error in its span', async () => {
      assert.equal(ids.traceId, TRACE, 'the SDK continued the browser trace');
      const r = await t.api<Trace>(`/api/0/organizations/faultline/trace/${TRACE}/`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.transactions.length, 1, 'one root');
      const [page] = r.body.transactions;
      assert.equal(page.span_id, PAGELOAD);
      assert.equal(page.project_slug, 'web');
      assert.equal(page['transaction.op'], 'pageload');
      assert.equal(page.measurements?.lcp?.value, 812.5, 'web vitals on the pageload');
      assert.ok(Math.abs(page['transaction.duration'] - 2000) < 1);
      assert.equal(page.children.length, 1);
      const server = page.children[0];
      assert.equal(server.project_slug, 'signaling');
      assert.equal(server.transaction, 'GET /rooms/:id');
      assert.equal(server.generation, 1);
      assert.equal(server.parent_event_id, page.event_id);
      const root = server.spans[0];
      assert.equal(root.span_id, ids.rootSpanId);
      assert.equal(root.children[0]?.span_id, ids.dbSpanId);
      assert.equal(root.children[0]?.children[0]?.span_id, ids.querySpanId);
      const q = root.children[0].children[0];
      assert.ok(q.duration <= root.children[0].duration && root.children[0].duration <= server['transaction.duration'] + 1, 'durations nest');
      assert.equal(server.errors.length, 1);
      const err = server.errors[0];
      assert.equal(err.span, ids.querySpanId);
      assert.equal(err.event_id, ids.errorEventId.replace(/-/g, ''));
      assert.match(err.issue, /^SIGNALING-/);
      assert.match(err.title, /room 3 is full/);
      const issue = await t.api<{ id: string }>(`/api/0/issues/${err.issue_id}/`);
      assert.equal(issue.status, 200, 'the error links to its issue');
      assert.deepEqual(r.body.orphan_errors, []);
      const fetchSpan = page.spans[0].children.find((s) => s.span_id === FETCH);
      assert.equal(fetchSpan?.op, 'http.client');
    });

    it('pages a trace: every page holds all segments and at most `limit` other spans, the pages together hold each span once', async () => {
      const spanIds = (trace: Trace): string[] => {
        const out: string[] = [];
        const walk = (n: SpanNode) => { out.push(n.span_id); n.children.forEach(walk); };
        const seg = (s: Segment) => { s.spans.forEach(walk); s.children.forEach(seg); };
        trace.transactions.forEach(seg);
        trace.orphan_spans.forEach(walk);
        return out;
      };
      const segmentIds = (trace: Trace): string[] => {
        const out: string[] = [];
        const seg = (s: Segment) => { out.push(s.span_id); s.children.forEach(seg); };
        trace.transactions.forEach(seg);
        return out.sort();
      };
      const whole = await t.api<Trace>(`/api/0/organizations/faultline/trace/${TRACE}/`);
      const all = spanIds(whole.body).sort();
      assert.equal(whole.body.meta.spans, all.length);
      assert.equal(whole.body.meta.spans_returned, all.length);
      assert.equal(whole.body.meta.next_cursor, null);
      const segments = segmentIds(whole.body);
      assert.ok(all.length - segments.length >= 3, `enough spans to page: ${all.length}`);
      const seen: string[] = [];
      let path: string | null = `/api/0/organizations/faultline/trace/${TRACE}/?limit=1`;
      let pages = 0;
      while (path) {
        const r: { status: number; body: Trace; headers: Headers } = await t.api<Trace>(path);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        pages++;
        assert.deepEqual(segmentIds(r.body), segments, 'every page holds every segment');
        const others = spanIds(r.body).filter((id) => !segments.includes(id));
        assert.equal(others.length, 1, `page ${pages}: ${others.length} spans`);
        assert.equal(r.body.meta.spans_returned, segments.length + others.length);
        seen.push(...others);
        const next: RegExpExecArray | null = /<([^>]+)>; rel="next"; results="true"/.exec(r.headers.get('link') ?? '');
        assert.equal(next !== null, r.body.meta.next_cursor !== null, 'the Link header and meta agree');
        path = next ? new URL(next[1]!).pathname + new URL(next[1]!).search : null;
      }
      assert.equal(pages, all.length - segments.length);
      assert.deepEqual([...seen, ...segments].sort(), all, 'each span once across the pages');
    });

    it('shows a member only the projects of their team, and 404s a trace they cannot see', async () => {
      const r = await webOnly(`/api/0/organizations/faultline/trace/${TRACE}/`);
      assert.equal(r.status, 200);
      const body = r.body as Trace;
      assert.equal(body.transactions.length, 1);
      assert.deepEqual(body.transactions[0].children, [], 'the signaling handler is not visible');
      assert.deepEqual(body.transactions[0].errors, []);
      assert.deepEqual(body.orphan_errors, []);
      assert.equal((await webOnly(`/api/0/organizations/faultline/trace/${'c'.repeat(32)}/`)).status, 404);
      assert.equal((await webOnly(`/api/0/projects/faultline/${t.projectSlug}/events/${txnId}/`)).status, 404);
    });

    it('answers a bad trace id with 400 and a detail, an unknown one with 404', async () => {
      const bad = await t.api<{ detail: string }>('/api/0/organizations/faultline/trace/not-a-trace/');
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /32 hex/);
      assert.equal((await t.api(`/api/0/organizations/faultline/trace/${'d'.repeat(32)}/`)).status, 404);
    });

    it('the event endpoint returns a transaction with a spans entry', async () => {
      const r = await t.api<{ type: string; eventID: string; title: string; groupID: null; entries: Array<{ type: string; data: Array<{ span_id: string; parent_span_id: string; op: string; start_timestamp: number; timestamp: number }> }>; contexts: { trace: { trace_id: string } }; measurements: Record<string, unknown>; startTimestamp: number; endTimestamp: number }>(`/api/0/projects/faultline/${t.projectSlug}/events/${txnId}/`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.type, 'transaction');
      assert.equal(r.body.eventID, txnId);
      assert.equal(r.body.title, 'nightly-invoices');
      assert.equal(r.body.groupID, null);
      assert.equal(r.body.contexts.trace.trace_id, 'c'.repeat(32));
      assert.deepEqual(r.body.measurements, { custom: { value: 3, unit: 'none' } });
      assert.equal(r.body.endTimestamp - r.body.startTimestamp, 1);
      const spans = r.body.entries.find((e) => e.type === 'spans')?.data ?? [];
      assert.deepEqual(spans.map((s) => [s.span_id, s.parent_span_id, s.op]), [['b000000000000001', 'a000000000000001', 'db'], ['b000000000000002', 'b000000000000001', 'db.fetch']]);
      assert.ok(Math.abs(spans[0].timestamp - spans[0].start_timestamp - 0.3) < 1e-6);
      const trace = await t.api<Trace>(`/api/0/organizations/faultline/trace/${'c'.repeat(32)}/`);
      assert.equal(trace.body.transactions[0]?.event_id, txnId, 'a transaction event is its segment in the trace');
    });
  });
}
