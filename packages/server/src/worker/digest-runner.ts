/** @module What the ingest side sees of digest, whether it runs on this event loop or on its own thread. */

/** An API write that digest's caches (project settings and scrubbing, alert rules) or its delivery loop must learn of. */
export type DigestChange = { kind: 'projects' } | { kind: 'rules'; projectId: number } | { kind: 'outbox' };

export interface DigestRunner {
  /** ms age of the oldest envelope in the batch being digested, for the digest-lag metric. */
  readonly lagMs: number;
  /** False while a digest thread is down (died, restarting); /readyz then says not ready. */
  readonly up: boolean;
  start(): void;
  /** Envelopes were appended: look now rather than at the next poll. */
  notify(): void;
  /** Finishes the batch in hand and stops. */
  stop(): Promise<void>;
  /** Digests until the queue is empty (tests, shutdown). */
  drain(): Promise<void>;
  changed(change: DigestChange): void;
}
