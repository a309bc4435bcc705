/**
 * @module The digest loop: consume a batch from the queue, digest each envelope under its own savepoint (opened
 * at its first write; one bad envelope is kept raw and counted, never blocks the batch), commit, repeat; sleep until woken by an append or
 * a short poll (other nodes may append on PostgreSQL).
 */
import { addOutcome, EnvelopeSavepoint, isStoreUnavailable, storeRawItem, type IngestQueue } from '@faultline/store';
import type { Logger } from '../log.ts';
import { digestEnvelope, type DigestDeps } from './digest-envelope.ts';
import { DigestBatch, emptyOutput } from './digest-batch.ts';
import type { DigestRunner } from './digest-runner.ts';

/** How long one batch may hold the event loop that ingest also runs on (see `size`). */
const TARGET_BATCH_MS = 15;

export interface WorkerOptions {
  batchSize: number;
  /**
   * Size batches to ~TARGET_BATCH_MS (SQLite: every statement runs synchronously on the event loop). On
   * PostgreSQL each statement awaits the network, so ingest runs between them and full batches are best.
   */
  adaptive?: boolean;
  pollMs?: number;
}

export class DigestWorker implements DigestRunner {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastError = 0;
  /** ms timestamp of the oldest envelope in the last batch, for the digest-lag metric. */
  lagMs = 0;
  idle = true;
  readonly up = true;
  /** Called after each committed batch (the digest thread reports the queue position). */
  onBatch: (() => void) | null = null;

  constructor(
    private readonly queue: IngestQueue,
    private readonly deps: DigestDeps,
    private readonly log: Logger,
    private readonly opts: WorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  notify(): void {
    this.wake?.();
  }

  /** Same event loop, same caches: the API invalidates them directly. */
  changed(): void {}

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  /** Digests until the queue is empty (tests, shutdown). */
  async drain(): Promise<void> {
    while ((await this.step()) > 0) {
      /* keep going */
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let n = 0;
      try {
        n = await this.step();
      } catch (err) {
        // Store unreachable or similar: nothing was consumed; back off and retry.
        if (Date.now() - this.lastError > 5000) this.log.error('digest batch failed; will retry', { err });
        this.lastError = Date.now();
        await this.sleep(500);
        continue;
      }
      if (n === 0) {
        this.idle = true;
        this.lagMs = 0;
        await this.sleep(this.opts.pollMs ?? 250);
      } else {
        this.idle = false;
        // Yield to the event loop between batches so ingest stays responsive.
        await new Promise<void>((r) => setImmediate(r));
      }
    }
  }

  /**
   * Envelopes taken per batch adapt so one batch holds the event loop for about TARGET_BATCH_MS: ingest shares
   * this thread, and its latency is bounded by the longest batch. Bigger batches amortize commits better, so
   * the size grows again whenever batches run fast.
   */
  private size = 50;

  private stepping: Promise<unknown> = Promise.resolve();

  /** One batch at a time: a drain waits for the batch the loop has in hand (its counters, its commit). */
  private step(): Promise<number> {
    const next = this.stepping.then(() => this.stepNow());
    this.stepping = next.catch(() => undefined);
    return next;
  }

  private async stepNow(): Promise<number> {
    const started = performance.now();
    const n = await this.queue.consume(this.opts.adaptive ? Math.min(this.size, this.opts.batchSize) : this.opts.batchSize, async (tx, envelopes) => {
      this.lagMs = Date.now() - envelopes[0]!.received;
      const batch = new DigestBatch();
      await batch.readStored(tx, envelopes);
      for (const env of envelopes) {
        const out = emptyOutput();
        const sp = new EnvelopeSavepoint(tx);
        try {
          await digestEnvelope(sp, env, this.deps, out, batch.known);
          await sp.release();
          batch.merge(out);
        } catch (err) {
          await sp.rollback();
          if (isStoreUnavailable(err)) throw err;
          this.deps.metrics.digestErrors();
          this.log.warn('envelope could not be digested; kept raw', { projectId: env.projectId, queueId: env.id, err: (err as Error).message });
          await storeRawItem(tx, { projectId: env.projectId, type: 'undigested_envelope', received: env.received, eventId: null, headers: { error: String((err as Error).message).slice(0, 500) }, payload: env.body });
          await addOutcome(tx, { projectId: env.projectId, ts: env.received, source: 'server', category: 'error', reason: 'internal', quantity: 1 });
        }
      }
      await batch.flush(tx, this.deps, this.log);
      this.deps.metrics.envelopesDigested({}, envelopes.length);
    });
    if (n > 0) this.onBatch?.();
    if (n > 0 && this.opts.adaptive) {
      const ms = performance.now() - started;
      const ideal = (n * TARGET_BATCH_MS) / Math.max(ms, 0.1);
      this.size = Math.max(5, Math.min(this.opts.batchSize, Math.round(this.size * 0.5 + ideal * 0.5)));
    }
    return n;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
