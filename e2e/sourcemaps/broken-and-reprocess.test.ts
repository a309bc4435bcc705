/**
 * The unhappy paths and reprocessing, driven by the captured browser-app fixture (its bundle, map and the events
 * the real SDK sent for it): an event whose map isn't uploaded keeps its minified frames and says why; after the
 * upload, reprocessing moves it to the issue its resolved frames group into; a map from another build, a corrupt
 * bundle and a truncated chunk upload each fail clearly without breaking anything else. On both dialects.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { sentryCli } from './helpers/sentry-cli.ts';
import { framesOf, latestEvent, listIssues, waitForIssue } from './helpers/read-events.ts';
import { fixtureEnvelope } from './helpers/browser-event.ts';

const FIXTURE = new URL('../../fixtures/sdk-11.12.0/', import.meta.url).pathname;
const DEBUG_ID = '501739e4-32ae-55df-afa2-57e641abc4a6';
const sha1 = (b: Buffer | string) => createHash('sha1').update(b).digest('hex');

async function send(t: TestServer, envelope: string): Promise<void> {
  const r = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}&sentry_version=7`, { method: 'POST', body: envelope });
  assert.equal(r.status, 200, await r.text());
  await waitForDigest(t);
}

function multipart(parts: Array<{ name: string; filename: string; data: Buffer }>, boundary = 'xYzZY'): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), p.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

for (const dialect of DIALECTS) {
  describe(`source maps: missing, mismatched, corrupt, truncated, reprocessing (${dialect})`, () => {
    let t: TestServer;
    const upload = (args: string[]) => sentryCli(3, args, { url: t.url, token: t.token, project: t.projectSlug });
    const post = (path: string, body: Buffer | string, contentType: string, auth = true) =>
      fetch(`${t.url}${path}`, { method: 'POST', body: body as unknown as BodyInit, headers: { 'content-type': contentType, ...(auth ? { authorization: `Bearer ${t.token}` } : {}) } });
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => t?.close());

    let minifiedIssue: string;

    it('keeps the minified frames of an event whose map is not uploaded, with a processing error naming the debug ID', async () => {
      await send(t, fixtureEnvelope(() => undefined));
      const issue = await waitForIssue(t, 'TypeError');
      minifiedIssue = issue.id;
      const ev = await latestEvent(t, issue.id);
      const top = framesOf(ev).at(-1)!;
      assert.equal(top.lineno, 26, 'still the minified line');
      assert.equal(top.symbolicated, undefined);
      const err = ev.errors.find((e) => e.type === 'js_no_source');
      assert.ok(err, JSON.stringify(ev.errors));
      assert.equal(err.debug_id, DEBUG_ID);
      assert.equal(err.url, 'http://127.0.0.1:9999/dist/app.js');
      assert.match(String(err.reason), /no source map with debug ID 501739e4/);
      assert.deepEqual(err.frames, [0, 1, 2, 3].map((i) => `exception.values.0.stacktrace.frames.${i}`));
      const why = await t.api<{ steps: string[]; debugId: string }>(`/api/0/projects/faultline/${t.projectSlug}/events/${ev.id}/source-map-debug/?exception_idx=0&frame_idx=3`);
      assert.equal(why.status, 200);
      assert.equal(why.body.debugId, DEBUG_ID);
      assert.match(why.body.steps.join('\n'), /no source map with debug ID/);
    });

    it('reprocessing after the upload resolves the event and moves it to the issue its original frames group into', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'faultline-sm-fixture-'));
      cpSync(`${FIXTURE}browser-app/dist`, join(dir, 'dist'), { recursive: true });
      const up = await upload(['sourcemaps', 'upload', '--release', 'dashboard@2.0.0', '--url-prefix', '~/dist', join(dir, 'dist')]);
      assert.equal(up.code, 0, up.stderr);
      const r = await t.api<{ reprocessed: number; moved: number; issues: string[]; removedIssues: string[] }>(`/api/0/issues/${minifiedIssue}/reprocess/`, { method: 'POST', body: '{}' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.reprocessed, 1);
      assert.equal(r.body.moved, 1);
      assert.deepEqual(r.body.removedIssues, [minifiedIssue]);
      assert.equal((await t.api(`/api/0/issues/${minifiedIssue}/`)).status, 404, 'the emptied issue is gone');
      const resolvedIssue = r.body.issues[0]!;
      const ev = await latestEvent(t, resolvedIssue);
      assert.deepEqual(ev.errors, []);
      const top = framesOf(ev).at(-1)!;
      assert.deepEqual([top.filename, top.lineno, top.function], ['src/call-panel.js', 6, 'formatCaller']);
      assert.equal(top.context_line, '  return call.visitor.name.toUpperCase();');

      await send(t, fixtureEnvelope(() => undefined));
      const again = await waitForIssue(t, 'TypeError', 2);
      assert.equal(again.id, resolvedIssue, 'a new event after the upload joins the reprocessed one');
      assert.equal((await listIssues(t)).filter((i) => i.title.startsWith('TypeError')).length, 1);
    });

    it('says so when the release file found by URL is from another build than the one that ran', async () => {
      const other = randomUUID();
      await send(t, fixtureEnvelope((ev) => {
        (ev.debug_meta as { images: Array<{ debug_id: string }> }).images[0]!.debug_id = other;
        ev.message = 'other build';
        (ev.exception as { values: Array<{ value: string }> }).values[0]!.value = 'from another build';
      }));
      const issue = await waitFor(async () => (await listIssues(t)).find((i) => i.title.includes('from another build')), 'the other-build issue');
      const ev = await latestEvent(t, issue.id);
      const err = ev.errors.find((e) => e.type === 'js_invalid_source');
      assert.ok(err, JSON.stringify(ev.errors));
      assert.equal(err.debug_id, other);
      assert.match(String(err.reason), /different builds/);
      assert.equal(framesOf(ev).at(-1)!.lineno, 26, 'frames stay minified rather than wrong');
    });

    it('answers a corrupt bundle with state "error" and a detail, and keeps answering it', async () => {
      const garbage = Buffer.from('SYSB\x02\x00\x00\x00this is not a zip archive at all'.repeat(10));
      const checksum = sha1(garbage);
      const chunk = await post('/api/0/organizations/faultline/chunk-upload/', multipart([{ name: 'file', filename: checksum, data: garbage }]), 'multipart/form-data; boundary=xYzZY');
      assert.equal(chunk.status, 200);
      const body = JSON.stringify({ checksum, chunks: [checksum], projects: [t.projectSlug] });
      for (let i = 0; i < 2; i++) {
        const r = await post('/api/0/organizations/faultline/artifactbundle/assemble/', body, 'application/json');
        const answer = (await r.json()) as { state: string; detail: string; missingChunks: string[] };
        assert.equal(r.status, 200);
        assert.equal(answer.state, 'error');
        assert.deepEqual(answer.missingChunks, []);
        assert.match(answer.detail, /not a valid ZIP archive/);
      }
    });

    it('refuses a truncated chunk upload with a 400 detail and stores nothing', async () => {
      const data = Buffer.from('a chunk that will be cut off in transit '.repeat(100));
      const checksum = sha1(data);
      const full = multipart([{ name: 'file', filename: checksum, data }]);
      const cut = await post('/api/0/organizations/faultline/chunk-upload/', full.subarray(0, full.length - 900), 'multipart/form-data; boundary=xYzZY');
      assert.equal(cut.status, 400);
      assert.match(((await cut.json()) as { detail: string }).detail, /truncated/);
      const wrongName = await post('/api/0/organizations/faultline/chunk-upload/', multipart([{ name: 'file', filename: sha1('other'), data }]), 'multipart/form-data; boundary=xYzZY');
      assert.equal(wrongName.status, 400);
      assert.match(((await wrongName.json()) as { detail: string }).detail, /checksum mismatch/);
      const r = await post('/api/0/organizations/faultline/artifactbundle/assemble/', JSON.stringify({ checksum: sha1('whole'), chunks: [checksum], projects: [t.projectSlug] }), 'application/json');
      assert.deepEqual(await r.json(), { state: 'not_found', missingChunks: [checksum], detail: null });
    });

    it('validates assemble requests and requires authentication for uploads and file reads', async () => {
      const bad = await post('/api/0/organizations/faultline/artifactbundle/assemble/', JSON.stringify({ checksum: 'nope', chunks: [] }), 'application/json');
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { detail: string }).detail, /checksum/);
      const unknown = await post('/api/0/organizations/faultline/artifactbundle/assemble/', JSON.stringify({ checksum: sha1('x'), chunks: [], projects: ['nope'] }), 'application/json');
      assert.equal(unknown.status, 400);
      assert.equal((await fetch(`${t.url}/api/0/organizations/faultline/chunk-upload/`)).status, 401);
      const files = await t.api<Array<{ id: string }>>('/api/0/organizations/faultline/releases/dashboard@2.0.0/files/');
      assert.ok(files.body.length >= 2);
      const path = `/api/0/organizations/faultline/releases/dashboard@2.0.0/files/${files.body[0]!.id}/?download=1`;
      assert.equal((await fetch(`${t.url}${path}`)).status, 401);
      const dl = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${t.token}` } });
      assert.equal(dl.status, 200);
    });
  });
}
