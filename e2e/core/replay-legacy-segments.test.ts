/**
 * Replay segments from older stores (issue 11), on both dialects, with a store built at schema version 13 (before
 * segment blobs and click counts): its segments keep their bytes in `payload` and count 0 dead and rage clicks. The
 * replay-segments job (migration 17's index finds them) moves them into the blob store one batch at a time — a run
 * cut short resumes — and counts their clicks into the segment and the replay. On SQLite it also moves segment files
 * an older Faultline wrote into the `blobs` table and deletes orphan files (no row names them) past the grace period.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { createTestDatabase } from '../../scripts/test-postgres.ts';
import { loadConfig, startServer } from '@faultline/server';
import { MIGRATIONS, PostgresDb, SqliteDb, getReplay, listReplaySegments, migrate, readReplaySegments, replaySegmentKey, type Db } from '@faultline/store';
import { replayBlobs } from '../../packages/server/src/replays/replay-blobs.ts';
import { replaySegmentsJob, runReplaySegmentsJob } from '../../packages/server/src/replays/replay-segments-job.ts';
import { DIALECTS } from '../helpers/test-server.ts';

const PROJECT = 1;
const REPLAY = 'c0ffee'.padEnd(32, '0');
const slowClick = (clickCount: number) => ({
  type: 5,
  timestamp: 1_700_000_001_000,
  data: { tag: 'breadcrumb', payload: { category: 'ui.slowClickDetected', timestamp: 1_700_000_001, data: { node: { id: 7, tagName: 'button' }, endReason: 'timeout', timeAfterClickMs: 7000, clickCount } } },
});
const segment = (n: number, events: unknown[]) => Buffer.concat([Buffer.from(`${JSON.stringify({ segment_id: n })}\n`), deflateSync(JSON.stringify(events))]);
const LEGACY = [segment(0, [slowClick(5)]), segment(1, [slowClick(1), slowClick(6)]), segment(2, [{ type: 3, timestamp: 1, data: { source: 2 } }])];

/** A store at schema 13 with one replay and its three segments as Faultline stored them then. */
async function oldStore(dialect: (typeof DIALECTS)[number]): Promise<{ dataDir: string; databaseUrl?: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-legacy-replay-'));
  const databaseUrl = dialect === 'postgres' ? await createTestDatabase() : undefined;
  const raw: Db = databaseUrl ? new PostgresDb(databaseUrl, 2) : new SqliteDb(join(dataDir, 'faultline.sqlite'));
  await migrate(raw, MIGRATIONS.filter((m) => m.version <= 13));
  await raw.run(
    `INSERT INTO replays (project_id, replay_id, urls, trace_ids, error_ids, tags, count_errors, count_urls, started_at, finished_at, duration)
     VALUES (?, ?, '[]', '[]', '[]', '[]', 0, 0, 1700000000000, 1700000010000, 10000)`,
    [PROJECT, REPLAY],
  );
  for (const [n, payload] of LEGACY.entries()) {
    await raw.run('INSERT INTO replay_segments (project_id, replay_id, segment_id, received, size, decompressed_size, compressed, payload) VALUES (?, ?, ?, ?, ?, ?, 1, ?)', [PROJECT, REPLAY, n, 1_700_000_000_000 + n, payload.byteLength, 0, payload]);
  }
  await raw.close();
  return { dataDir, databaseUrl };
}

for (const dialect of DIALECTS) {
  describe(`replay segments of older stores (${dialect})`, () => {
    it('the job moves segments from the payload column into blobs, batch by batch, and counts their dead and rage clicks', async () => {
      const store = await oldStore(dialect);
      const server = await startServer(loadConfig(['--port', '0', '--data-dir', store.dataDir, '--log-level', 'error', ...(store.databaseUrl ? ['--database-url', store.databaseUrl] : [])], {}));
      const { db } = server.app;
      try {
        const before = await listReplaySegments(db, PROJECT, REPLAY, 100, 0);
        assert.deepEqual(before.map((s) => s.blob_key), [null, null, null], 'upgraded: nothing copied at migration time');
        // A run cut short after its first batch (its lease lost) resumes where it stopped.
        let asked = 0;
        const first = await runReplaySegmentsJob(server.app, { batch: 2 }, async () => asked++ > 0);
        assert.equal(first.rowsMoved, 2);
        assert.deepEqual((await listReplaySegments(db, PROJECT, REPLAY, 100, 0)).map((s) => s.blob_key !== null), [true, true, false]);
        const job = replaySegmentsJob(server.app, { intervalMs: 60_000, batch: 2 });
        assert.equal(await job.tick(), true, 'the periodic job ran');
        const after = await listReplaySegments(db, PROJECT, REPLAY, 100, 0);
        assert.deepEqual(after.map((s) => s.blob_key), [0, 1, 2].map((n) => replaySegmentKey(PROJECT, REPLAY, n)));
        const column = await db.all<{ n: number | string }>('SELECT LENGTH(payload) AS n FROM replay_segments WHERE replay_id = ? ORDER BY segment_id', [REPLAY]);
        assert.deepEqual(column.map((r) => Number(r.n)), [0, 0, 0], 'the column emptied');
        const blobs = await db.all<{ key: string }>('SELECT key FROM blobs ORDER BY key');
        assert.deepEqual(blobs.map((b) => b.key), after.map((s) => s.blob_key), 'rows of blobs, on SQLite too');
        const bytes = await readReplaySegments(db, replayBlobs(server.app), PROJECT, REPLAY, after);
        assert.deepEqual(bytes.map((b) => Buffer.from(b)), LEGACY, 'byte-identical');
        const clicks = await db.all<{ dead_clicks: number; rage_clicks: number }>('SELECT dead_clicks, rage_clicks FROM replay_segments WHERE replay_id = ? ORDER BY segment_id', [REPLAY]);
        assert.deepEqual(clicks.map((c) => [Number(c.dead_clicks), Number(c.rage_clicks)]), [[1, 1], [2, 1], [0, 0]]);
        const replay = await getReplay(db, PROJECT, REPLAY);
        assert.deepEqual([Number(replay!.count_dead_clicks), Number(replay!.count_rage_clicks)], [3, 2], "the replay's counts gained them");
        assert.equal((await runReplaySegmentsJob(server.app, { batch: 2 })).rowsMoved, 0, 'nothing left: a later run counts nothing twice');
        assert.equal(Number((await getReplay(db, PROJECT, REPLAY))!.count_dead_clicks), 3);
      } finally {
        await server.close();
      }
    });

    if (dialect === 'sqlite') {
      it('segment files an older Faultline wrote move into blobs; an orphan file goes once past the grace period', async () => {
        const store = await oldStore(dialect);
        const server = await startServer(loadConfig(['--port', '0', '--data-dir', store.dataDir, '--log-level', 'error'], {}));
        const { db } = server.app;
        try {
          await runReplaySegmentsJob(server.app);
          // Segment 2 as the file-per-segment Faultline kept it: its row names the key, its bytes are a file.
          const folder = (id: string) => join(store.dataDir, 'blobs', 'replay', String(PROJECT), id.slice(0, 2), id);
          const key2 = replaySegmentKey(PROJECT, REPLAY, 2);
          await db.run('DELETE FROM blobs WHERE key = ?', [key2]);
          mkdirSync(folder(REPLAY), { recursive: true });
          writeFileSync(join(folder(REPLAY), '2'), LEGACY[2]!);
          // Orphans: a deleted replay's segment whose file outlived the commit (old), and one within the grace period.
          const gone = 'dead'.padEnd(32, '0');
          const young = 'beef'.padEnd(32, '0');
          mkdirSync(folder(gone), { recursive: true });
          mkdirSync(folder(young), { recursive: true });
          writeFileSync(join(folder(gone), '0'), 'orphan');
          writeFileSync(join(folder(gone), '1.123.abc.tmp'), 'half-written');
          writeFileSync(join(folder(young), '0'), 'young orphan');
          const old = (Date.now() - 2 * 3_600_000) / 1000;
          for (const f of ['0', '1.123.abc.tmp']) utimesSync(join(folder(gone), f), old, old);

          const run = await runReplaySegmentsJob(server.app, { batch: 2, graceMs: 3_600_000 });
          assert.deepEqual([run.filesMoved, run.filesDeleted], [1, 2]);
          assert.ok(!existsSync(folder(REPLAY)), 'the moved file and its folder are gone');
          const row = await db.get<{ content: Uint8Array }>('SELECT content FROM blobs WHERE key = ?', [key2]);
          assert.deepEqual(Buffer.from(row!.content), LEGACY[2], 'its bytes are a row of blobs');
          assert.ok(!existsSync(folder(gone)), 'the old orphans are deleted, their folder too');
          assert.ok(existsSync(join(folder(young), '0')), 'a young orphan is kept');
          const segs = await listReplaySegments(db, PROJECT, REPLAY, 100, 0);
          assert.deepEqual((await readReplaySegments(db, replayBlobs(server.app), PROJECT, REPLAY, segs)).map((b) => Buffer.from(b)), LEGACY);
        } finally {
          await server.close();
        }
      });
    }
  });
}
