/**
 * Uploaded source maps expire after their last use, not their upload, on both dialects: a debug-ID bundle the real
 * sentry-cli 3.x uploaded stays while events resolve frames through it; a release file stays while its release
 * gets events; a release file of a release no event names goes once it is older than `--retention-days`. What
 * expires leaves no row and no blob (no file under `blobs/` on SQLite, no `blobs` row on PostgreSQL), and the disk
 * budget's measure (`storedBytes`) drops by the files' bytes.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactBytes, openBlobStore, storedBytes, type BlobStore } from '@faultline/store';
import { RetentionJob } from '../../packages/server/src/ops/retention-job.ts';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { multipart } from '../helpers/multipart.ts';
import { sentryCli } from './helpers/sentry-cli.ts';
import { fixtureEnvelope } from './helpers/browser-event.ts';
import { framesOf, type StoredEvent } from './helpers/read-events.ts';

const FIXTURE = new URL('../../fixtures/sdk-11.12.0/', import.meta.url).pathname;
const DAY = 86_400_000;
const BUNDLED = 'dashboard@1.0.0';
const USED = 'dashboard@3.0.0';
const UNUSED = 'dashboard@2.0.0';

for (const dialect of DIALECTS) {
  describe(`source maps expire after their last use (${dialect})`, () => {
    let t: TestServer;
    let blobs: BlobStore;
    const db = () => t.server.app.db;
    const job = () => new RetentionJob(db(), t.server.app.log, { retentionDays: 90, rawRetentionDays: 30, replayRetentionDays: 30, intervalMs: 0, batchSize: 1, blobs });
    const keysOf = async (release: string) =>
      (await db().all<{ blob_key: string }>('SELECT blob_key FROM release_files WHERE release = ? UNION SELECT f.blob_key FROM artifact_files f JOIN artifact_bundles b ON b.id = f.bundle_id WHERE b.release = ?', [release, release])).map((r) => r.blob_key);
    const present = async (keys: string[]) => (await Promise.all(keys.map(async (k) => (await blobs.get(k)) !== undefined))).filter(Boolean).length;
    const uploadFile = async (release: string, name: string, data: string) => {
      const res = await fetch(`${t.url}/api/0/organizations/faultline/releases/${release}/files/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token}`, 'content-type': 'multipart/form-data; boundary=xYzZY' },
        body: multipart([{ name: 'file', filename: name, data }, { name: 'name', data: `~/dist/${name}` }]) as unknown as BodyInit,
      });
      assert.equal(res.status, 201, await res.text());
    };
    const send = async (release: string): Promise<string> => {
      let id = '';
      const body = fixtureEnvelope((ev) => {
        ev.release = release;
        id = String(ev.event_id);
      });
      assert.equal((await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}&sentry_version=7`, { method: 'POST', body })).status, 200);
      await waitForDigest(t);
      return id;
    };

    before(async () => {
      t = await startTestServer(dialect, ['--retention-interval-minutes', '0']);
      blobs = openBlobStore(db(), t.dataDir);
      for (const release of [BUNDLED, USED, UNUSED]) {
        const r = await t.api(`/api/0/organizations/faultline/releases/`, { method: 'POST', body: JSON.stringify({ version: release, projects: [t.projectSlug] }) });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      const dir = mkdtempSync(join(tmpdir(), 'faultline-expiry-'));
      cpSync(`${FIXTURE}browser-app/dist`, join(dir, 'dist'), { recursive: true });
      const up = await sentryCli(3, ['sourcemaps', 'upload', '--release', BUNDLED, '--url-prefix', '~/dist', join(dir, 'dist')], { url: t.url, token: t.token, project: t.projectSlug });
      assert.equal(up.code, 0, `${up.stdout}${up.stderr}`);
      await uploadFile(BUNDLED, 'config.js', 'window.CONFIG = "bundled release";\n');
      await uploadFile(USED, 'config.js', 'window.CONFIG = "used release";\n');
      await uploadFile(UNUSED, 'config.js', 'window.CONFIG = "unused release";\n');
    });
    after(async () => t?.close());

    it('keeps what events still use, deletes the rest with its blobs, and the disk budget sees the bytes go', async () => {
      const bundledKeys = await keysOf(BUNDLED);
      const [usedKeys, unusedKeys] = [await keysOf(USED), await keysOf(UNUSED)];
      assert.ok(bundledKeys.length >= 3, `the bundle's files and the release file are stored (${bundledKeys.length})`);
      assert.equal(await present([...bundledKeys, ...usedKeys, ...unusedKeys]), bundledKeys.length + 2, 'every blob is there');
      // Everything was uploaded 100 days ago; nothing has been used since.
      const old = Date.now() - 100 * DAY;
      await db().run('UPDATE artifact_bundles SET date_uploaded = ?', [old]);
      await db().run('UPDATE release_files SET date_created = ?', [old]);

      // Now an event resolves its frames through the bundle (by debug ID), and one names USED.
      const id = await send(BUNDLED);
      const top = framesOf(await waitFor(async () => {
        const r = await t.api<StoredEvent>(`/api/0/projects/faultline/${t.projectSlug}/events/${id}/`);
        return r.status === 200 ? r.body : undefined;
      }, 'the event')).at(-1)!;
      assert.equal(top.filename, 'src/call-panel.js', 'the bundle served the frame');
      await send(USED);
      // The bundle is kept by its use alone: its release's last event is made old again.
      await db().run('UPDATE releases SET last_event = ? WHERE version = ?', [old, BUNDLED]);

      const filesBefore = await artifactBytes(db());
      const budgetBefore = (await storedBytes(db())).bytes;
      const r = await job().runOnce();
      assert.equal(r.deleted.artifact_bundle, 0, 'the bundle served a frame today: kept');
      assert.equal(r.deleted.release_file, 2, "the release files of UNUSED (no event) and of BUNDLED (its release's last event is old) went");
      assert.equal(await present(unusedKeys), 0, 'their blobs are gone');
      assert.equal(await present(usedKeys), 1, "USED's file stays: its release had an event today");
      assert.equal(await present(bundledKeys), bundledKeys.length - 1, "the bundle's files stay");
      assert.equal(Number((await db().get<{ n: number }>('SELECT COUNT(*) AS n FROM release_files WHERE release = ?', [UNUSED]))?.n), 0);
      const filesMid = await artifactBytes(db());
      assert.ok(filesMid < filesBefore);
      assert.ok((await storedBytes(db())).bytes <= budgetBefore - (filesBefore - filesMid), 'the disk budget counts the files that went');

      // 100 days on, nothing used them since: the rest goes, blobs too.
      const later = await job().runOnce(Date.now() + 100 * DAY);
      assert.equal(later.deleted.artifact_bundle, 1);
      assert.equal(later.deleted.release_file, 1);
      assert.equal(await present([...bundledKeys, ...usedKeys]), 0, 'no blob is left');
      assert.equal(await artifactBytes(db()), 0);
      assert.equal(Number((await db().get<{ n: number }>('SELECT COUNT(*) AS n FROM artifact_files'))?.n), 0);
      const list = await t.api<unknown[]>(`/api/0/projects/faultline/${t.projectSlug}/files/artifact-bundles/`);
      assert.deepEqual(list.body, []);
    });
  });
}
