/**
 * @module The durable ingest queue: ingest appends raw envelopes, digest consumes them exactly once.
 * An append resolves only after its row is committed, so a 200 is never sent for data that a crash could lose.
 */
import type { Db } from '../db/db.ts';

export interface QueuedEnvelope {
  id: number;
  projectId: number;
  received: number;
  clientIp: string | null;
  body: Uint8Array;
}

export interface AppendInput {
  projectId: number;
  received: number;
  clientIp: string | null;
  body: Uint8Array;
}

export interface IngestQueue {
  append(item: AppendInput): Promise<void>;
  /**
   * Takes up to `limit` envelopes and runs `fn` with them inside one main-store transaction; the envelopes count
   * as consumed only if that transaction commits. Returns how many were consumed.
   */
  consume(limit: number, fn: (tx: Db, batch: QueuedEnvelope[]) => Promise<void>): Promise<number>;
  /** Envelopes appended and not yet consumed (cheap: may be a cached estimate on PostgreSQL). */
  depth(): number;
  /**
   * Where this instance's consumer got to (SQLite: the last consumed id; PostgreSQL: 0, its depth is a query).
   * A digest thread reports it to the ingest thread, whose instance learns it through `advance`.
   */
  position(): number;
  /** Another instance (the digest thread's) consumed up to `position`: depth counts from there. */
  advance(position: number): void;
  /** Exact count of envelopes not yet consumed by a committed digest transaction (a query on PostgreSQL). */
  pendingCount(): Promise<number>;
  /** Resolves once every append accepted so far is durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  item: AppendInput;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: appends arriving in the same tick (or within `windowMs`) share one transaction, so one fsync
 * covers many requests.
 */
export abstract class GroupCommitQueue implements IngestQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();
  constructor(protected readonly windowMs: number) {}

  append(item: AppendInput): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        const run = () => {
          this.flushing = this.flushing.then(() => this.flushPending());
        };
        if (this.windowMs > 0) setTimeout(run, this.windowMs);
        else setImmediate(run);
      }
    });
  }

  private async flushPending(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      await this.writeBatch(batch.map((p) => p.item));
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.scheduled) {
      this.flushing = this.flushing.then(() => this.flushPending());
      await this.flushing;
    }
    await this.flushing;
  }

  protected abstract writeBatch(items: AppendInput[]): Promise<void>;
  abstract consume(limit: number, fn: (tx: Db, batch: QueuedEnvelope[]) => Promise<void>): Promise<number>;
  abstract depth(): number;
  position(): number {
    return 0;
  }
  advance(_position: number): void {}
  abstract pendingCount(): Promise<number>;
  abstract close(): Promise<void>;
}
