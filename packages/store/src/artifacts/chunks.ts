/**
 * @module Upload chunks: sentry-cli cuts a bundle into SHA-1-named pieces, asks which the server lacks, uploads
 * those, then asks the server to assemble. A chunk belongs to the organization that uploaded it (existence of
 * another org's chunk is never revealed); its bytes are one blob shared by all owners.
 */
import type { Db } from '../db/db.ts';
import type { BlobStore } from './blob-store.ts';

/** How long an unassembled chunk is kept: long enough for a slow CI to finish, short enough not to pile up. */
export const CHUNK_TTL_MS = 24 * 3_600_000;

export async function saveChunk(db: Db, blobs: BlobStore, orgId: number, checksum: string, data: Uint8Array): Promise<void> {
  await blobs.put(`chunk/${checksum}`, data);
  await db.run(
    `INSERT INTO file_chunks (org_id, checksum, size, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (org_id, checksum) DO UPDATE SET created_at = excluded.created_at`,
    [orgId, checksum, data.byteLength, Date.now()],
  );
}

export async function missingChunks(db: Db, orgId: number, checksums: string[]): Promise<string[]> {
  const have = new Set<string>();
  const unique = [...new Set(checksums)];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const rows = await db.all<{ checksum: string }>(
      `SELECT checksum FROM file_chunks WHERE org_id = ? AND checksum IN (${part.map(() => '?').join(', ')})`,
      [orgId, ...part],
    );
    for (const r of rows) have.add(r.checksum);
  }
  return unique.filter((c) => !have.has(c));
}

/** The chunks' bytes in order; undefined if one has gone missing since it was checked. */
export async function readChunks(blobs: BlobStore, checksums: string[]): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  for (const c of checksums) {
    const b = await blobs.get(`chunk/${c}`);
    if (!b) return undefined;
    parts.push(b);
  }
  return Buffer.concat(parts);
}

/** Drops chunk ownerships older than the TTL, and a chunk's bytes once no organization owns it. */
export async function pruneChunks(db: Db, blobs: BlobStore, now = Date.now()): Promise<number> {
  const old = await db.all<{ org_id: number; checksum: string }>('SELECT org_id, checksum FROM file_chunks WHERE created_at < ? LIMIT 1000', [now - CHUNK_TTL_MS]);
  for (const r of old) {
    await db.run('DELETE FROM file_chunks WHERE org_id = ? AND checksum = ?', [r.org_id, r.checksum]);
    if (!(await db.get('SELECT 1 AS x FROM file_chunks WHERE checksum = ?', [r.checksum]))) await blobs.delete(`chunk/${r.checksum}`);
  }
  return old.length;
}

export type AssembleKind = 'artifact_bundle' | 'release_files';
export type AssembleState = 'ok' | 'created' | 'assembling' | 'not_found' | 'error';

export async function getAssembleStatus(db: Db, orgId: number, kind: AssembleKind, checksum: string): Promise<{ state: AssembleState; detail: string | null } | undefined> {
  return db.get('SELECT state, detail FROM assemble_status WHERE org_id = ? AND kind = ? AND checksum = ?', [orgId, kind, checksum]);
}

export async function setAssembleStatus(db: Db, orgId: number, kind: AssembleKind, checksum: string, state: AssembleState, detail: string | null = null): Promise<void> {
  await db.run(
    `INSERT INTO assemble_status (org_id, kind, checksum, state, detail, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (org_id, kind, checksum) DO UPDATE SET state = excluded.state, detail = excluded.detail, updated_at = excluded.updated_at`,
    [orgId, kind, checksum, state, detail, Date.now()],
  );
}
