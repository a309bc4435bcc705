/**
 * @module SQLite ingest queue: its own database file, so appends never wait behind digest's writes.
 * Exactly-once: the id of the last consumed envelope is written into the MAIN store in the same transaction as
 * the digest results; consumed rows are deleted from the queue file afterwards, lazily. After a crash, rows at
 * or below that cursor are skipped, rows above it are digested again.
 * Appends run on a thread of their own (sqlite-append-worker.mjs): the fsync of each group commit then costs
 * the event loop nothing, and the next group gathers while the previous one syncs.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/db.ts';
import { SqliteDb } from '../db/sqlite-db.ts';
import { GroupCommitQueue, type AppendInput, type QueuedEnvelope } from './ingest-queue.ts';

const CURSOR_KEY = 'queue_cursor';
/**
 * Page cache per queue connection. Each envelope is written once and read once, so caching its pages saves no
 * I/O; SQLite's build default (16 MB per connection, and the queue has up to five) only adds to RSS under load.
 */
const QUEUE_CACHE_KIB = 2048;
/** How many group buffers the appender's replies may leave for reuse. */
const SPARE_BUFFERS = 4;
/** The smallest group buffer allocated: one SDK envelope or a few fit without growing. */
const MIN_GROUP_BYTES = 64 * 1024;

/**
 * One append group as the appender thread takes it: every body copied once into one buffer that is moved to the
 * thread (transferred, not cloned), and per body its project, time and length. Cloning the bodies instead copies
 * each twice, and with each the whole ArrayBuffer behind it (often an 8 KiB pool slab or a socket read).
 */
export interface PackedGroup {
  bytes: ArrayBuffer;
  /** projectId, received, body length: three numbers per envelope, in order. */
  numbers: Float64Array;
  clientIps: Array<string | null>;
}

export function packGroup(items: AppendInput[], spare: ArrayBuffer[]): PackedGroup {
  let total = 0;
  for (const it of items) total += it.body.byteLength;
  const reuse = spare.findIndex((b) => b.byteLength >= total);
  const bytes = reuse >= 0 ? spare.splice(reuse, 1)[0]! : new ArrayBuffer(Math.max(MIN_GROUP_BYTES, 2 ** Math.ceil(Math.log2(total || 1))));
  const into = new Uint8Array(bytes);
  const numbers = new Float64Array(items.length * 3);
  const clientIps: Array<string | null> = [];
  let at = 0;
  items.forEach((it, i) => {
    into.set(it.body, at);
    at += it.body.byteLength;
    numbers[i * 3] = it.projectId;
    numbers[i * 3 + 1] = it.received;
    numbers[i * 3 + 2] = it.body.byteLength;
    clientIps.push(it.clientIp);
  });
  return { bytes, numbers, clientIps };
}
/** Cursor value known to be on disk in the main store (written with synchronous=FULL before queue rows go). */
const DURABLE_KEY = 'queue_cursor_durable';

export class SqliteQueue extends GroupCommitQueue {
  private readonly qdb: SqliteDb;
  private cursor = 0;
  private lastId = 0;
  private deletedUpTo = 0;
  /** Started on the first append: a digest thread's instance only consumes and needs none. */
  private appender: Worker | null = null;
  private readonly replies = new Map<number, { resolve: (last: number) => void; reject: (err: Error) => void }>();
  private nextMessage = 1;
  /** Group buffers the append thread handed back, reused so no batch allocates (and GCs) a new one. */
  private readonly spare: ArrayBuffer[] = [];

  private constructor(private readonly file: string, private readonly main: Db, windowMs: number) {
    super(windowMs);
    this.qdb = new SqliteDb(file, { synchronous: 'FULL', cacheKiB: QUEUE_CACHE_KIB });
    this.qdb.raw.exec(
      'CREATE TABLE IF NOT EXISTS queue (id INTEGER PRIMARY KEY AUTOINCREMENT, project_id INTEGER NOT NULL, received INTEGER NOT NULL, client_ip TEXT, body BLOB NOT NULL)',
    );
  }

  private startAppender(): Worker {
    const appender = new Worker(new URL('./sqlite-append-worker.mjs', import.meta.url), { workerData: { file: this.file, cacheKiB: QUEUE_CACHE_KIB } });
    appender.unref();
    appender.on('message', (m: { id: number; last: number; error?: string; bytes?: ArrayBuffer }) => {
      if (m.bytes && this.spare.length < SPARE_BUFFERS) this.spare.push(m.bytes);
      const r = this.replies.get(m.id);
      this.replies.delete(m.id);
      if (m.error !== undefined) r?.reject(new Error(`queue append failed: ${m.error}`));
      else r?.resolve(m.last);
    });
    const failAll = (err: Error) => {
      for (const r of this.replies.values()) r.reject(err);
      this.replies.clear();
    };
    appender.on('error', failAll);
    appender.on('exit', () => failAll(new Error('queue appender thread exited')));
    return appender;
  }

  private ask(message: PackedGroup | { close: true }, transfer: ArrayBuffer[] = []): Promise<number> {
    const id = this.nextMessage++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve, reject });
      (this.appender ??= this.startAppender()).postMessage({ ...message, id }, transfer);
    });
  }

  static async open(file: string, main: Db, windowMs = 0): Promise<SqliteQueue> {
    const q = new SqliteQueue(file, main, windowMs);
    const row = await main.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', [CURSOR_KEY]);
    q.cursor = row ? Number(row.value) : 0;
    const max = q.qdb.raw.prepare('SELECT MAX(id) AS m FROM queue').get() as { m: number | null };
    const seq = q.qdb.raw.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'queue'").get() as { seq: number } | undefined;
    q.lastId = Math.max(max.m ?? 0, seq?.seq ?? 0, q.cursor);
    // A queue file lost or replaced while the main store kept its cursor: new ids must continue above it.
    if ((seq?.seq ?? 0) < q.cursor) {
      q.qdb.raw.prepare("INSERT OR REPLACE INTO sqlite_sequence (name, seq) VALUES ('queue', ?)").run(q.cursor);
    }
    await q.deleteConsumed();
    return q;
  }

  protected async writeBatch(items: AppendInput[]): Promise<void> {
    const group = packGroup(items, this.spare);
    const last = await this.ask(group, [group.bytes]);
    this.lastId = Math.max(this.lastId, last);
  }

  private consuming: Promise<unknown> = Promise.resolve();

  /** Serialized: two consumers in one process must never read the same rows above the cursor. */
  consume(limit: number, fn: (tx: Db, batch: QueuedEnvelope[]) => Promise<void>): Promise<number> {
    const next = this.consuming.then(() => this.consumeNow(limit, fn));
    this.consuming = next.catch(() => undefined);
    return next;
  }

  private async consumeNow(limit: number, fn: (tx: Db, batch: QueuedEnvelope[]) => Promise<void>): Promise<number> {
    const rows = this.qdb
      .prepare('SELECT id, project_id, received, client_ip, body FROM queue WHERE id > ? ORDER BY id LIMIT ?')
      .all(this.cursor, limit) as Array<{ id: number; project_id: number; received: number; client_ip: string | null; body: Buffer }>;
    if (rows.length === 0) return 0;
    const batch = rows.map((r) => ({ id: r.id, projectId: r.project_id, received: r.received, clientIp: r.client_ip, body: r.body }));
    const newCursor = batch[batch.length - 1]!.id;
    await this.main.transaction(async (tx) => {
      await fn(tx, batch);
      await tx.run('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
        CURSOR_KEY,
        String(newCursor),
      ]);
    });
    this.cursor = newCursor;
    if (this.cursor - this.deletedUpTo >= 1000 || this.depth() === 0) await this.deleteConsumed();
    return batch.length;
  }

  /**
   * Deletes consumed rows, but only once the main store's commit of the cursor is durable. The main store runs
   * with synchronous=NORMAL, so a power loss or OS crash may roll back its last commits (cursor and results
   * together); the envelopes they consumed must then still be in this FULL-synced file to be digested again.
   * One synchronous=FULL commit on the main connection fsyncs its WAL, and so every commit before it.
   */
  private async deleteConsumed(): Promise<void> {
    const upTo = this.cursor;
    if (upTo <= this.deletedUpTo) return;
    if (this.main instanceof SqliteDb) {
      // exec runs under the connection's write lock: no transaction is open, so the level may change.
      try {
        await this.main.exec(
          `PRAGMA synchronous = FULL; INSERT INTO kv (key, value) VALUES ('${DURABLE_KEY}', '${Math.trunc(upTo)}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        );
      } finally {
        await this.main.exec('PRAGMA synchronous = NORMAL');
      }
    }
    this.qdb.prepare('DELETE FROM queue WHERE id <= ?').run(upTo);
    this.deletedUpTo = upTo;
  }

  depth(): number {
    return Math.max(0, this.lastId - this.cursor);
  }

  override position(): number {
    return this.cursor;
  }

  override advance(position: number): void {
    this.cursor = Math.max(this.cursor, position);
  }

  async pendingCount(): Promise<number> {
    await this.consuming;
    return this.depth();
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.appender) {
      await this.ask({ close: true }).catch(() => undefined);
      await this.appender.terminate();
    }
    await this.qdb.close();
  }
}
