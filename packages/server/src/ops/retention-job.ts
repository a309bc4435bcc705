/**
 * @module `RetentionJob`: deletes data past its age — events (`--retention-days`, or the project's own
 * `retentionDays`), raw items (`--raw-retention-days`) and replays (`--replay-retention-days`), one entry each in
 * the store's `RETENTION_KINDS`, and uploaded source maps unused for `--retention-days` (`expireArtifacts`) — on digest nodes, every `--retention-interval-minutes`. Work comes in batches of a
 * few hundred rows, each its own short transaction with a yield between, so ingest and digest never wait long
 * behind it. It is a `PeriodicJob`: one run per interval across all nodes, under a lease (`claimLease`, renewed per
 * batch) so exactly one node runs it at a time; if that node dies, another takes over once the lease has expired.
 * The same run then enforces the disk budgets: each project's own `maxDiskBytes`, then the server's
 * `--max-disk-bytes` — the oldest data of the largest consumers goes first.
 */
import { randomUUID } from 'node:crypto';
import {
  claimLease,
  expireArtifacts,
  listProjects,
  oldestReceived,
  reclaimSpace,
  releaseLease,
  renewLease,
  RETENTION_KINDS,
  retentionUsage,
  storedBytes,
  type BlobStore,
  type Db,
  type KindUsage,
  type ProjectRow,
  type RetentionAge,
  type RetentionKind,
} from '@faultline/store';
import type { BackgroundTask } from '../app.ts';
import type { Logger } from '../log.ts';
import { PeriodicJob } from './periodic-job.ts';

const DAY_MS = 86_400_000;
const LEASE = 'retention';
const ARTIFACT_KINDS = ['artifact_bundle', 'release_file'];

export interface RetentionOptions {
  retentionDays: number;
  rawRetentionDays: number;
  replayRetentionDays: number;
  /** 0 = no disk budget. */
  maxDiskBytes?: number;
  /** The blob store: replay segments' bytes go with their rows, and uploaded source maps unused for `retentionDays` expire. */
  blobs: BlobStore;
  intervalMs: number;
  batchSize?: number;
  leaseMs?: number;
}

export interface RetentionResult {
  /** False when another node holds the lease (nothing was done here). */
  ran: boolean;
  /** Rows deleted by kind name (`event`, `raw_item`, `replay` …, and `artifact_bundle`, `release_file`), every kind present. */
  deleted: Record<string, number>;
  /** With a disk budget: the stored bytes (see the store's `storedBytes`) before and after this run. */
  budget?: { max: number; before: number; after: number; physicalBefore: number; physicalAfter: number };
  /** Each project that was over its own `maxDiskBytes`: its stored data's bytes before and after this run. */
  projectBudgets?: Array<{ projectId: number; max: number; before: number; after: number }>;
}

export class RetentionJob implements BackgroundTask {
  private stopped = false;
  readonly owner = randomUUID();
  private readonly schedule: PeriodicJob;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly opts: RetentionOptions,
    private readonly onDeleted: (kind: string, n: number) => void = () => {},
  ) {
    // The first look a minute after start-up, not during it; then one run per interval across the nodes.
    this.schedule = new PeriodicJob(db, log, { name: LEASE, owner: this.owner, intervalMs: opts.intervalMs, leaseMs: this.leaseMs, run: (holds) => this.pass(Date.now(), holds).then(() => undefined) });
  }

  start(): void {
    this.stopped = false;
    this.schedule.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.schedule.stop();
  }

  /** What each node's schedule does at every look: a run here if one is due across the nodes and this node gets the lease. */
  tick(now = Date.now()): Promise<boolean> {
    return this.schedule.tick(now);
  }

  private get leaseMs(): number {
    return this.opts.leaseMs ?? 5 * 60_000;
  }

  private get batch(): number {
    return this.opts.batchSize ?? 500;
  }

  /** Renews the lease of the run in progress. */
  private holds: () => Promise<boolean> = () => this.renew();

  private count(kind: RetentionKind | string, n: number, result: RetentionResult): void {
    const name = typeof kind === 'string' ? kind : kind.name;
    result.deleted[name] = (result.deleted[name] ?? 0) + n;
    if (n) this.onDeleted(name, n);
  }

  /** Uploaded source maps last used before `before` (their release's last event, or a debug-ID hit), in batches; false when the lease was lost. */
  private async expireSourceMaps(blobs: BlobStore, before: number, result: RetentionResult): Promise<boolean> {
    for (;;) {
      if (!(await this.holds())) return false;
      const n = await expireArtifacts(this.db, blobs, before, this.batch);
      this.count('artifact_bundle', n.bundles, result);
      this.count('release_file', n.releaseFiles, result);
      await new Promise((r) => setImmediate(r));
      if (n.bundles < this.batch && n.releaseFiles < this.batch) return true;
    }
  }

  /** Deletes batches of one kind of one project before `before` until a short batch; false when the lease was lost. */
  private async drain(kind: RetentionKind, projectId: number, before: number, result: RetentionResult): Promise<boolean> {
    for (;;) {
      if (!(await this.holds())) return false;
      const n = await kind.deleteBefore(this.db, projectId, before, this.batch, this.opts.blobs);
      this.count(kind, n, result);
      await new Promise((r) => setImmediate(r));
      if (n < this.batch) return true;
    }
  }

  /**
   * Frees about `toFree` bytes from `usage`: the largest project in it (by stored bytes) loses a batch of its oldest
   * kind of data, through the same deletes as the ages (so issues keep their first and latest event), again and
   * again until the bytes are freed or nothing more can go. 'lost' when the lease was lost, else whether anything went.
   */
  private async freeOldest(usage: KindUsage[], toFree: number, result: RetentionResult): Promise<boolean | 'lost'> {
    const live = usage.filter((u) => u.rows > 0);
    let progress = false;
    while (toFree > 0 && live.length > 0) {
      if (!(await this.holds())) return 'lost';
      const projectBytes = new Map<number, number>();
      for (const u of live) projectBytes.set(u.projectId, (projectBytes.get(u.projectId) ?? 0) + u.bytes);
      const [largest] = [...projectBytes].sort((a, b) => b[1] - a[1])[0]!;
      const target = live.filter((u) => u.projectId === largest).sort((a, b) => a.oldest - b.oldest)[0]!;
      const perRow = target.bytes / target.rows;
      const limit = Math.max(1, Math.min(this.batch, Math.ceil(toFree / Math.max(1, perRow))));
      const n = await target.kind.deleteBefore(this.db, largest, Number.MAX_SAFE_INTEGER, limit, this.opts.blobs);
      this.count(target.kind, n, result);
      progress ||= n > 0;
      toFree -= n * perRow;
      target.rows -= n;
      target.bytes -= n * perRow;
      const oldest = n < limit ? null : await oldestReceived(this.db, target.kind, largest);
      if (oldest === null) live.splice(live.indexOf(target), 1); // only keepers (or nothing) left of it
      else target.oldest = oldest;
      await new Promise((r) => setImmediate(r));
    }
    return progress;
  }

  /**
   * Each project with a budget of its own (`maxDiskBytes`) that holds more stored data than it loses its oldest
   * data until under it (a few passes at most: bytes per row are estimated per kind); the data's own bytes on both
   * dialects, as the Stats page shows them. False when the lease was lost.
   */
  private async enforceProjectBudgets(projects: ProjectRow[], result: RetentionResult): Promise<boolean> {
    for (const project of projects) {
      if (project.max_disk_bytes === null) continue;
      const max = Number(project.max_disk_bytes);
      const usageBytes = (u: KindUsage[]) => u.reduce((n, x) => n + x.bytes, 0);
      let usage = await retentionUsage(this.db, project.id);
      const before = usageBytes(usage);
      for (let pass = 0; pass < 8 && usageBytes(usage) > max; pass++) {
        const freed = await this.freeOldest(usage, usageBytes(usage) - max, result);
        if (freed === 'lost') return false;
        usage = await retentionUsage(this.db, project.id);
        if (!freed) break;
      }
      const after = usageBytes(usage);
      if (before > max) {
        (result.projectBudgets ??= []).push({ projectId: project.id, max, before, after });
        if (after > max) this.log.warn('retention: a project stays over its maxDiskBytes after this run (what is left may be only issues\' first and latest events)', { project: project.slug, max, after });
      }
    }
    return true;
  }

  /**
   * While the store holds more than `max` bytes, the oldest data of the largest projects goes (`freeOldest`) until
   * the excess is freed or nothing more can go. SQLite then hands the free pages back and measures again (a few
   * passes at most: freed rows can leave pages partly used); false when the lease was lost.
   */
  private async enforceBudget(max: number, result: RetentionResult): Promise<boolean> {
    const start = await storedBytes(this.db);
    let current = start;
    for (let pass = 0; pass < 8 && current.bytes > max; pass++) {
      // The excess, counted in the data's own bytes: on SQLite a row freed also frees its share of index pages
      // and overhead, so this overshoots a little, and rows that leave pages partly used are caught up next pass.
      const freed = await this.freeOldest(await retentionUsage(this.db), current.bytes - max, result);
      if (freed === 'lost') return false;
      await reclaimSpace(this.db);
      current = await storedBytes(this.db);
      if (!freed) break;
    }
    result.budget = { max, before: start.bytes, after: current.bytes, physicalBefore: start.physicalBytes, physicalAfter: current.physicalBytes };
    if (current.bytes > max) this.log.warn('retention: the store stays over --max-disk-bytes after this run (what is left may be only issues\' first and latest events)', result.budget);
    return true;
  }

  /** One pass over every project under this node's lease (none when another node holds it); `now` is the clock the ages are measured against (tests move it). */
  async runOnce(now = Date.now()): Promise<RetentionResult> {
    if (this.stopped || !(await claimLease(this.db, LEASE, this.owner, this.leaseMs))) return emptyResult();
    try {
      return await this.pass(now, () => this.renew());
    } finally {
      await releaseLease(this.db, LEASE, this.owner);
    }
  }

  private async renew(): Promise<boolean> {
    return !this.stopped && (await renewLease(this.db, LEASE, this.owner, this.leaseMs));
  }

  /** The work of one run, the lease already held; `holds` renews it between batches (false: lost, stop). */
  private async pass(now: number, holds: () => Promise<boolean>): Promise<RetentionResult> {
    this.holds = holds;
    const result = emptyResult();
    result.ran = true;
    const projects = await listProjects(this.db);
    for (const project of projects) {
      const days: Record<RetentionAge, number> = {
        errors: project.retention_days ?? this.opts.retentionDays,
        raw: this.opts.rawRetentionDays,
        replays: this.opts.replayRetentionDays,
      };
      for (const kind of RETENTION_KINDS) {
        if (!(await this.drain(kind, project.id, now - days[kind.age] * DAY_MS, result))) return result;
      }
    }
    if (!(await this.expireSourceMaps(this.opts.blobs, now - this.opts.retentionDays * DAY_MS, result))) return result;
    if (!(await this.enforceProjectBudgets(projects, result))) return result;
    if (this.opts.maxDiskBytes) {
      if (!(await this.enforceBudget(this.opts.maxDiskBytes, result))) return result;
    } else if (Object.values(result.deleted).some((n) => n > 0)) await reclaimSpace(this.db);
    if (Object.values(result.deleted).some((n) => n > 0)) this.log.info('retention deleted data', { ...result.deleted, ...result.budget, projectBudgets: result.projectBudgets });
    return result;
  }
}

function emptyResult(): RetentionResult {
  return { ran: false, deleted: Object.fromEntries([...RETENTION_KINDS.map((k) => k.name), ...ARTIFACT_KINDS].map((k) => [k, 0])) };
}
