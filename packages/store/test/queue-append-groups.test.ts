/**
 * Append groups reach the queue intact. On SQLite a group's bodies are packed into one buffer that is moved to
 * the appender thread and handed back for the next group, so the bodies here are chosen to catch a packing slip:
 * views into one shared ArrayBuffer (as Node's pool and socket reads give them), an empty body, sizes that grow
 * and shrink between groups (a reused buffer still holds the last group's bytes), and a group past the buffer's
 * first size. PostgreSQL's queue takes the same groups, so both dialects run it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AppendInput, QueuedEnvelope } from '../src/index.ts';
import { DIALECTS, openTestStore } from './dialects.ts';

function group(round: number): AppendInput[] {
  const slab = randomBytes(8192);
  const sizes = round % 2 === 0 ? [0, 1, 700, 3000, 1, 9000] : [5, 40_000, 2, 0, 64 * 1024 + 3];
  let at = 0;
  return sizes.map((size, i) => {
    // Small bodies are views into one slab; the large ones have their own buffer.
    const body = size + at <= slab.length ? slab.subarray(at, (at += size)) : randomBytes(size);
    return { projectId: round * 10 + i, received: 1_700_000_000_000 + round * 1000 + i, clientIp: i % 2 ? `10.0.${round}.${i}` : null, body };
  });
}

for (const dialect of DIALECTS) {
  describe(`queue append groups (${dialect})`, () => {
    it('every body, project, time and client IP of every group comes back as appended, in order', async () => {
      const store = await openTestStore(dialect);
      const queue = store.queue!;
      try {
        const sent: AppendInput[] = [];
        for (let round = 0; round < 6; round++) {
          const items = group(round);
          sent.push(...items);
          // Appended in one tick: one group, one transaction.
          await Promise.all(items.map((it) => queue.append(it)));
        }
        const got: QueuedEnvelope[] = [];
        while ((await queue.consume(7, async (_tx, batch) => void got.push(...batch))) > 0) {
          /* drain */
        }
        assert.equal(got.length, sent.length);
        got.forEach((g, i) => {
          const s = sent[i]!;
          assert.deepEqual({ projectId: g.projectId, received: g.received, clientIp: g.clientIp }, { projectId: s.projectId, received: s.received, clientIp: s.clientIp }, `envelope ${i}`);
          assert.ok(Buffer.from(g.body).equals(Buffer.from(s.body)), `body ${i}: ${g.body.byteLength} bytes back for ${s.body.byteLength} sent`);
        });
      } finally {
        await store.close();
      }
    });
  });
}
