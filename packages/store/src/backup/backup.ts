/**
 * @module Online backup and restore of an embedded (SQLite) data dir; for PostgreSQL, pg_dump/pg_restore.
 *
 * Backup copies `queue.sqlite` FIRST and `faultline.sqlite` second, each with SQLite's online backup API in one
 * step (one read transaction: a consistent snapshot that never blocks the running server's writers). That order
 * is what makes the pair consistent: digest deletes queue rows only at or below the cursor it has already
 * committed in the main store, so every envelope missing from the queue copy is either reflected in the (later)
 * main copy or was acknowledged after the backup began. On restore the queue resumes above the main store's
 * cursor: nothing in the backup is digested twice or lost. Other files in the data dir (uploads) are added as is.
 *
 * The backup is one .tar.gz: `faultline-backup.json` (format, schema version, counts, sha256 of every file),
 * then the files. Restore verifies all of it before touching the data dir, refuses a non-empty data dir unless
 * forced, refuses to replace a store another process has open, and migrates the restored store to this version.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, closeSync, readdirSync, renameSync, rmSync, statSync, lstatSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { MIGRATIONS } from '../migrations/index.ts';
import { openStore } from '../open-store.ts';
import { BackupFormatError, readTarGz, TarGzWriter } from './tar.ts';
import { openLocked, StoreInUseError } from '../copy/sqlite-export.ts';

export const BACKUP_FORMAT = 'faultline-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST = 'faultline-backup.json';
const MAIN = 'faultline.sqlite';
const QUEUE = 'queue.sqlite';
/** Files of a live SQLite database that are never copied as files (the backup API copies the database). */
const STORE_FILE = /^(faultline|queue)\.sqlite(-wal|-shm|-journal)?$/;

export class BackupError extends Error {}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  store: 'sqlite';
  schemaVersion: number;
  counts: { projects: number; issues: number; events: number; queuePending: number };
  queueCursor: number;
  files: Array<{ name: string; size: number; sha256: string }>;
}

export interface BackupOptions {
  dataDir: string;
  out: string;
  /** Tests only: runs between the queue copy and the main-store copy (to interleave digest there). */
  betweenCopies?: () => Promise<void>;
}

/** Consistent online backup of a SQLite data dir (the server may be running and ingesting) into one file. */
export async function backupDataDir(opts: BackupOptions): Promise<BackupManifest> {
  const dataDir = resolve(opts.dataDir);
  const out = resolve(opts.out);
  if (!existsSync(join(dataDir, MAIN))) throw new BackupError(`no Faultline store in ${dataDir} (${MAIN} not found)`);
  if (existsSync(out)) throw new BackupError(`${out} already exists; choose another --out (a backup never overwrites a file)`);
  if (!existsSync(dirname(out))) throw new BackupError(`directory ${dirname(out)} does not exist`);
  // Work next to the output (same filesystem, and the temp dir's space is often smaller than the store).
  const work = join(dirname(out), `.faultline-backup-${randomBytes(4).toString('hex')}`);
  mkdirSync(work);
  try {
    const queueCopy = join(work, QUEUE);
    const mainCopy = join(work, MAIN);
    if (existsSync(join(dataDir, QUEUE))) await copyDatabase(join(dataDir, QUEUE), queueCopy);
    await opts.betweenCopies?.();
    await copyDatabase(join(dataDir, MAIN), mainCopy);

    const main = new Database(mainCopy, { fileMustExist: true });
    let schemaVersion: number;
    let counts: BackupManifest['counts'];
    let queueCursor: number;
    try {
      check(main, MAIN);
      schemaVersion = Number((main.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0);
      const n = (sql: string) => Number((main.prepare(sql).get() as { n: number }).n);
      const cursorRow = main.prepare("SELECT value FROM kv WHERE key = 'queue_cursor'").get() as { value: string } | undefined;
      queueCursor = cursorRow ? Number(cursorRow.value) : 0;
      counts = { projects: n('SELECT COUNT(*) AS n FROM projects'), issues: n('SELECT COUNT(*) AS n FROM issues'), events: n('SELECT COUNT(*) AS n FROM events'), queuePending: 0 };
    } finally {
      main.close();
    }
    if (existsSync(queueCopy)) {
      const q = new Database(queueCopy, { fileMustExist: true });
      try {
        check(q, QUEUE);
        counts.queuePending = Number((q.prepare('SELECT COUNT(*) AS n FROM queue WHERE id > ?').get(queueCursor) as { n: number }).n);
      } finally {
        q.close();
      }
    }

    const entries: Array<{ name: string; path: string; size: number; mtimeMs: number }> = [];
    for (const [name, path] of [[MAIN, mainCopy], [QUEUE, queueCopy]] as const) {
      if (existsSync(path)) entries.push({ name, path, size: statSync(path).size, mtimeMs: Date.now() });
    }
    for (const rel of otherFiles(dataDir, [out, work])) {
      const path = join(dataDir, rel);
      const st = statSync(path);
      entries.push({ name: rel.split(sep).join('/'), path, size: st.size, mtimeMs: st.mtimeMs });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      store: 'sqlite',
      schemaVersion,
      counts,
      queueCursor,
      files: [],
    };
    for (const e of entries) manifest.files.push({ name: e.name, size: e.size, sha256: await sha256(e.path, e.size) });

    const partial = join(work, 'backup.tar.gz');
    const tar = new TarGzWriter(partial);
    await tar.addBuffer(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    for (const e of entries) await tar.addFile(e.name, e.path, e.size, e.mtimeMs);
    await tar.close();
    fsyncFile(partial);
    renameSync(partial, out);
    fsyncFile(dirname(out));
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** SQLite online backup in a single step: one read transaction, so a consistent snapshot even under writes. */
async function copyDatabase(source: string, dest: string): Promise<void> {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    await db.backup(dest, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
}

function check(db: Database.Database, name: string): void {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  if (rows.length !== 1 || rows[0]!.quick_check !== 'ok') {
    throw new BackupError(`${name} failed its integrity check: ${rows.map((r) => r.quick_check).slice(0, 5).join('; ')}`);
  }
}

/** Regular files in the data dir other than the live databases (uploads, …), relative paths. */
function otherFiles(dataDir: string, skip: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (skip.includes(path) || name.startsWith('.faultline-backup-') || name.startsWith('.faultline-restore-')) continue;
      if (dir === dataDir && STORE_FILE.test(name)) continue;
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) out.push(relative(dataDir, path));
    }
  };
  walk(dataDir);
  return out;
}

async function sha256(path: string, size: number): Promise<string> {
  const h = createHash('sha256');
  if (size > 0) for await (const chunk of createReadStream(path, { end: size - 1 }) as AsyncIterable<Buffer>) h.update(chunk);
  return h.digest('hex');
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface RestoreOptions {
  file: string;
  dataDir: string;
  /** Replace the store of a non-empty data dir (its Faultline files only; other files are left alone). */
  force?: boolean;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Migrations applied to bring the restored store up to this version. */
  migrated: number;
  counts: { issues: number; events: number };
}

/** Verifies a backup completely, then puts its files into `dataDir` and opens (migrates) the restored store. */
export async function restoreDataDir(opts: RestoreOptions): Promise<RestoreResult> {
  const file = resolve(opts.file);
  const dataDir = resolve(opts.dataDir);
  if (!existsSync(file)) throw new BackupError(`backup file ${file} not found`);
  mkdirSync(dataDir, { recursive: true });
  const present = readdirSync(dataDir).filter((n) => !n.startsWith('.faultline-restore-'));
  if (present.length > 0 && !opts.force) {
    throw new BackupError(
      `data dir ${dataDir} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}); restore refuses to overwrite it. ` +
        'Restore into an empty directory, or pass --force to replace its Faultline store.',
    );
  }
  for (const name of [MAIN, QUEUE]) {
    if (existsSync(join(dataDir, name)) && inUse(join(dataDir, name))) {
      throw new BackupError(`${join(dataDir, name)} is open in another process (a running Faultline?); stop it before restoring`);
    }
  }

  const staging = join(dataDir, `.faultline-restore-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging);
  try {
    const manifest = await extract(file, staging);
    // Replace: only Faultline's own files and the paths the backup brings; anything else in the dir stays.
    for (const name of readdirSync(dataDir)) if (STORE_FILE.test(name)) rmSync(join(dataDir, name), { force: true });
    for (const f of manifest.files) {
      const target = join(dataDir, ...f.name.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      rmSync(target, { force: true, recursive: true });
      renameSync(join(staging, ...f.name.split('/')), target);
    }
    fsyncFile(dataDir);
    const store = await openStore({ dataDir });
    try {
      const applied = Number((await store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM schema_migrations'))!.n) - manifest.schemaVersion;
      const n = async (sql: string) => Number((await store.db.get<{ n: number }>(sql))!.n);
      return { manifest, migrated: Math.max(0, applied), counts: { issues: await n('SELECT COUNT(*) AS n FROM issues'), events: await n('SELECT COUNT(*) AS n FROM events') } };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Another process has the database open iff we cannot take an exclusive lock on it right now. */
function inUse(path: string): boolean {
  try {
    openLocked(path).close();
    return false;
  } catch (err) {
    if (err instanceof StoreInUseError) return true;
    throw err;
  }
}

function safeName(name: string): boolean {
  if (!name || name.startsWith('/') || name.includes('\\') || name.includes('\0')) return false;
  return name.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}

async function extract(file: string, staging: string): Promise<BackupManifest> {
  let manifest: BackupManifest | undefined;
  const seen = new Map<string, string>();
  try {
    for await (const entry of readTarGz(file)) {
      if (!manifest) {
        if (entry.name !== MANIFEST || entry.size > 1 << 20) throw new BackupError(`${file} is not a Faultline backup (no ${MANIFEST} first)`);
        const parts: Buffer[] = [];
        for await (const c of entry.chunks()) parts.push(c);
        manifest = parseManifest(Buffer.concat(parts).toString('utf8'), file);
        continue;
      }
      const expected = manifest.files.find((f) => f.name === entry.name);
      if (!expected || !safeName(entry.name) || seen.has(entry.name)) throw new BackupError(`unexpected entry "${entry.name}" in ${file}`);
      if (entry.size !== expected.size) throw new BackupError(`${entry.name} is ${entry.size} bytes in the archive, ${expected.size} in its manifest`);
      const target = join(staging, ...entry.name.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      const h = createHash('sha256');
      const out = createWriteStream(target, { flags: 'wx' });
      const closed = once(out, 'close');
      closed.catch(() => undefined); // handled where awaited; never an unhandled rejection in between
      try {
        for await (const chunk of entry.chunks()) {
          h.update(chunk);
          if (!out.write(chunk)) await once(out, 'drain');
        }
        out.end();
      } catch (err) {
        // A corrupt archive throws mid-entry: close the file before the caller removes the staging dir, or its
        // still-pending open fails later with ENOENT as an unhandled stream error.
        out.destroy();
        await closed.catch(() => undefined);
        throw err;
      }
      await closed;
      fsyncFile(target);
      seen.set(entry.name, h.digest('hex'));
    }
  } catch (err) {
    if (err instanceof BackupFormatError) throw new BackupError(`${file}: ${err.message}`);
    throw err;
  }
  if (!manifest) throw new BackupError(`${file} is empty`);
  for (const f of manifest.files) {
    const got = seen.get(f.name);
    if (got === undefined) throw new BackupError(`${file} is incomplete: ${f.name} is missing`);
    if (got !== f.sha256) throw new BackupError(`${f.name} in ${file} is corrupt (sha256 mismatch)`);
  }
  if (!seen.has(MAIN)) throw new BackupError(`${file} holds no ${MAIN}`);
  const check = new Database(join(staging, MAIN), { fileMustExist: true });
  try {
    const rows = check.pragma('quick_check') as Array<{ quick_check: string }>;
    if (rows[0]?.quick_check !== 'ok') throw new BackupError(`${MAIN} in ${file} fails its integrity check`);
  } finally {
    check.close();
  }
  return manifest;
}

function parseManifest(text: string, file: string): BackupManifest {
  let m: BackupManifest;
  try {
    m = JSON.parse(text) as BackupManifest;
  } catch {
    throw new BackupError(`${file}: unreadable ${MANIFEST}`);
  }
  if (m?.format !== BACKUP_FORMAT || !Array.isArray(m.files)) throw new BackupError(`${file} is not a Faultline backup`);
  if (m.formatVersion > BACKUP_FORMAT_VERSION) throw new BackupError(`${file} was written by a newer Faultline (backup format ${m.formatVersion}); upgrade to restore it`);
  const latest = Math.max(...MIGRATIONS.map((x) => x.version));
  if (m.schemaVersion > latest) {
    throw new BackupError(`${file} holds schema version ${m.schemaVersion}, newer than this Faultline's ${latest}: migrations are forward-only, upgrade Faultline to restore it`);
  }
  for (const f of m.files) if (!safeName(f.name)) throw new BackupError(`${file}: unsafe path "${f.name}" in its manifest`);
  return m;
}

/** What `faultline backup` says for a PostgreSQL store: its own tools take consistent online snapshots. */
export function postgresBackupAdvice(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  if (u.password) u.password = '***';
  const url = u.toString();
  const db = basename(u.pathname) || 'faultline';
  const target = new URL(url);
  target.pathname = `/${db}_restored`;
  return [
    `This Faultline stores its data in PostgreSQL (${url}); back it up with PostgreSQL's own tools.`,
    'pg_dump takes a consistent snapshot while Faultline runs (the ingest queue table included):',
    '',
    `  pg_dump --format=custom --file faultline-$(date +%Y%m%d-%H%M%S).dump '${url}'`,
    '',
    'Restore into a new, empty database, then start Faultline on it (migrations upgrade an older dump):',
    '',
    `  createdb ${db}_restored`,
    `  pg_restore --no-owner --exit-on-error --dbname '${target.toString()}' faultline-….dump`,
    '',
    'See docs/operations.md, "Backup and restore".',
  ].join('\n');
}
