/**
 * @module PostgreSQL ingest queue: a table in the main database, consumed with FOR UPDATE SKIP LOCKED so any
 * number of nodes can digest; rows are deleted in the same transaction that stores their results.
 */
import type { Db } from '../db/db.ts';
import type { PostgresDb } from '../db/postgres-db.ts';
import { GroupCommitQueue, type AppendInput, type QueuedEnvelope } from './ingest-queue.ts';

export class PostgresQueue extends GroupCommitQueue {
  private cachedDepth = 0;
  private depthTimer: NodeJS.Timeout;

  constructor(private readonly db: PostgresDb, windowMs = 0) {
    super(windowMs);
    this.depthTimer = setInterval(() => void this.refreshDepth(), 1000);
    this.depthTimer.unref();
    void this.refreshDepth();
  }

  private async refreshDepth(): Promise<void> {
    try {
      const row = await this.db.get<{ n: number }>('SELECT COUNT(*)::bigint AS n FROM ingest_queue');
      this.cachedDepth = Number(row?.n ?? 0);
    } catch {
      // Database unreachable: keep the last figure; /readyz reports the store itself.
    }
  }

  protected async writeBatch(items: AppendInput[]): Promise<void> {
    const values: string[] = [];
    const params: Array<number | string | null | Uint8Array> = [];
    for (const it of items) {
      values.push('(?, ?, ?, ?)');
      params.push(it.projectId, it.received, it.clientIp, it.body);
    }
    await this.db.run(`INSERT INTO ingest_queue (project_id, received, client_ip, body) VALUES ${values.join(', ')}`, params);
    this.cachedDepth += items.length;
  }

  async consume(limit: number, fn: (tx: Db, batch: QueuedEnvelope[]) => Promise<void>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.all<{ id: number; project_id: number; received: number; client_ip: string | null; body: Buffer }>(
        'SELECT id, project_id, received, client_ip, body FROM ingest_queue ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED',
        [limit],
      );
      if (rows.length === 0) return 0;
      const batch = rows.map((r) => ({ id: r.id, projectId: r.project_id, received: r.received, clientIp: r.client_ip, body: r.body }));
      await fn(tx, batch);
      await tx.run(`DELETE FROM ingest_queue WHERE id IN (${rows.map(() => '?').join(', ')})`, rows.map((r) => r.id));
      this.cachedDepth = Math.max(0, this.cachedDepth - rows.length);
      return rows.length;
    });
  }

  depth(): number {
    return this.cachedDepth;
  }

  async pendingCount(): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*)::bigint AS n FROM ingest_queue');
    this.cachedDepth = Number(row?.n ?? 0);
    return this.cachedDepth;
  }

  async close(): Promise<void> {
    clearInterval(this.depthTimer);
    await this.flush();
  }
}
