/**
 * Replay segments in the blob store, on both dialects: a segment's bytes are put, read back (one at a time and
 * several at once) and deleted by its key, as rows of `blobs` (on SQLite too); a segment an older Faultline wrote as
 * a file under `blobs/replay/` (each replay a folder) is still read from it and deleted with its folder; keys that
 * are not a replay segment's shape (a path escape, a short id) are refused before anything is touched.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBlobStore, replaySegmentKey } from '../src/index.ts';
import { DIALECTS, openTestStore } from './dialects.ts';

for (const dialect of DIALECTS) {
  describe(`replay segment blobs (${dialect})`, () => {
    it('put, get, getMany and delete by segment key, as rows; an older file-kept segment is read and its folder goes with its last segment', async () => {
      const store = await openTestStore(dialect);
      const dataDir = mkdtempSync(join(tmpdir(), 'faultline-blobs-'));
      try {
        const blobs = openBlobStore(store.db, dataDir);
        const id = 'ab'.repeat(16);
        const [k0, k1] = [replaySegmentKey(7, id, 0), replaySegmentKey(7, id, 1)];
        await blobs.put(k0, Buffer.from('{"segment_id":0}\n[]'));
        await blobs.put(k1, Buffer.from('{"segment_id":1}\n[1]'));
        assert.equal((await blobs.get(k0))?.toString(), '{"segment_id":0}\n[]');
        const many = await blobs.getMany([k1, k0, replaySegmentKey(7, id, 2)]);
        assert.deepEqual([...many.keys()].sort(), [k0, k1], 'a missing key is left out');
        assert.equal(many.get(k1)?.toString(), '{"segment_id":1}\n[1]');
        const rows = await store.db.all<{ key: string }>('SELECT key FROM blobs ORDER BY key');
        assert.deepEqual(rows.map((r) => r.key), [k0, k1], 'rows of blobs');
        await blobs.delete(k0);
        assert.equal(await blobs.get(k0), undefined);
        await blobs.delete(k1);
        if (dialect === 'sqlite') {
          const folder = join(dataDir, 'blobs', 'replay', '7', 'ab', id);
          assert.ok(!existsSync(folder), 'no file per segment');
          // Segments written as files before they moved into the table.
          const [k2, k3] = [replaySegmentKey(7, id, 2), replaySegmentKey(7, id, 3)];
          mkdirSync(folder, { recursive: true });
          writeFileSync(join(folder, '2'), '{"segment_id":2}\n[2]');
          writeFileSync(join(folder, '3'), '{"segment_id":3}\n[3]');
          assert.equal((await blobs.get(k2))?.toString(), '{"segment_id":2}\n[2]');
          assert.deepEqual([...(await blobs.getMany([k3, k2])).keys()].sort(), [k2, k3]);
          await blobs.delete(k2);
          assert.ok(existsSync(folder), 'the folder stays while a segment is left');
          await blobs.delete(k3);
          assert.ok(!existsSync(folder), 'and goes with the last');
        }
        for (const bad of [`replay/7/${id}/../../x`, 'replay/7/abc/0', `replay/x/${id}/0`, `replay/7/${id.toUpperCase()}/0`]) {
          await assert.rejects(blobs.put(bad, Buffer.from('x')), /invalid blob key/, bad);
          await assert.rejects(blobs.getMany([bad]), /invalid blob key/, bad);
        }
      } finally {
        await store.close();
      }
    });
  });
}
