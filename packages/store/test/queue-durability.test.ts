/**
 * SQLite queue vs. machine crashes. The main store commits with synchronous=NORMAL (durable across a process
 * crash, not across power loss or an OS crash), the queue file with FULL. So a queue row may be deleted only
 * once the cursor that covers it is on disk in the main store: otherwise a power loss could roll back the main
 * store's last digest commits while their envelopes are already gone from the queue — acknowledged events lost.
 * Power loss cannot be simulated here; this checks the ordering that makes it safe.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SqliteDb } from '../src/index.ts';

describe('SQLite queue: consumed rows are deleted only after the main store made their cursor durable', () => {
  it('every delete from the queue file follows a synchronous=FULL commit of a cursor at least as high', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'faultline-queue-durability-'));
    const store = await openStore({ dataDir });
    const main = store.db as SqliteDb;
    const queue = store.queue!;
    const qdb = (queue as unknown as { qdb: SqliteDb }).qdb;
    const log: string[] = [];
    const exec = main.exec.bind(main);
    main.exec = async (sql: string) => {
      log.push(`main: ${sql}`);
      return exec(sql);
    };
    const prepare = qdb.prepare.bind(qdb);
    qdb.prepare = (sql: string) => {
      const stmt = prepare(sql);
      if (!sql.startsWith('DELETE')) return stmt;
      return { run: (upTo: number) => (log.push(`queue: delete <= ${upTo}`), stmt.run(upTo)) } as unknown as ReturnType<typeof prepare>;
    };
    try {
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 25; i++) await queue.append({ projectId: 1, received: Date.now(), clientIp: null, body: Buffer.from(`${round}-${i}`) });
        while ((await queue.consume(10, async () => undefined)) > 0) {
          /* digest everything: the queue empties, which triggers the deletes */
        }
      }
      const deletes = log.map((l, i) => ({ l, i })).filter(({ l }) => l.startsWith('queue: delete'));
      assert.ok(deletes.length >= 3, `deletes happened: ${log.join(' | ')}`);
      for (const { l, i } of deletes) {
        const upTo = Number(/<= (\d+)/.exec(l)![1]);
        const durable = log
          .slice(0, i)
          .reverse()
          .find((x) => x.includes('synchronous = FULL') && x.includes('queue_cursor_durable'));
        assert.ok(durable, `delete <= ${upTo} without a durable commit before it: ${log.join(' | ')}`);
        assert.ok(Number(/'queue_cursor_durable', '(\d+)'/.exec(durable)![1]) >= upTo, `${durable} covers ${upTo}`);
      }
      // And the connection is back to NORMAL for ordinary commits.
      assert.equal(main.raw.pragma('synchronous', { simple: true }), 1);
    } finally {
      await store.close();
    }
  });
});
