/**
 * @module The free-disk floor (`--min-free-disk-bytes`): below it, ingest answers 503 + Retry-After and acknowledges
 * nothing, and /readyz says "disk", until space returns — no restart. The data dir's free space (what an
 * unprivileged process may still write: `bavail`) is read with `statfs` at most once a second, not per request.
 * With PostgreSQL the data dir holds little (PostgreSQL's own disk is its server's to watch), but a full disk there
 * still breaks logs and uploads, so the same floor applies.
 */
import { statfsSync } from 'node:fs';

export const DISK_FLOOR_RETRY_AFTER_S = 60;
const CACHE_MS = 1000;

export interface DiskState {
  freeBytes: number;
  floorBytes: number;
  /** True when the floor is on and free space is below it. */
  low: boolean;
}

export class DiskFloor {
  private state: DiskState | null = null;
  private readAt = 0;

  /** `floor` is read at every check, so the floor follows the config it comes from. */
  constructor(
    private readonly dir: string,
    private readonly floor: () => number,
  ) {}

  check(now = Date.now()): DiskState {
    const floorBytes = Math.max(0, this.floor());
    if (!this.state || now - this.readAt >= CACHE_MS) {
      let freeBytes: number;
      try {
        const s = statfsSync(this.dir);
        freeBytes = Number(s.bavail) * Number(s.bsize);
      } catch {
        freeBytes = Number.POSITIVE_INFINITY; // a data dir we cannot stat is not a reason to refuse data
      }
      this.state = { freeBytes, floorBytes, low: false };
      this.readAt = now;
    }
    return { freeBytes: this.state.freeBytes, floorBytes, low: floorBytes > 0 && this.state.freeBytes < floorBytes };
  }
}
