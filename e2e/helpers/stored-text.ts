/**
 * Everything a Faultline store holds, as text to search for secrets: every cell of every table except the ingest
 * queue (which holds raw envelopes until digest, by design), with compressed cells inflated (a stored JSON body
 * in either of its codecs, raw deflate, zlib, gzip), plus — on SQLite — the bytes of the database file (free pages included) and every file of the blob store.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';
import { decodeJsonBody } from '@faultline/store';
import type { TestServer } from './test-server.ts';

/** Tables whose rows are allowed to hold what an SDK sent as sent. */
const RAW_BY_DESIGN = new Set(['ingest_queue']);

function decoded(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (!(value instanceof Uint8Array)) return [String(value)];
  const buf = Buffer.from(value);
  const out = [buf.toString('latin1')];
  for (const decode of [decodeJsonBody, (b: Buffer) => inflateSync(b).toString('utf8'), (b: Buffer) => gunzipSync(b).toString('utf8')]) {
    try {
      out.push(decode(buf));
    } catch {
      /* not this encoding */
    }
  }
  return out;
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export interface StoredText {
  /** One entry per table cell (decoded forms joined), labelled `table.column`. */
  cells: Array<{ where: string; text: string }>;
  /** SQLite only: the database file and blob files as latin1 text (queue files left out). */
  files: Array<{ where: string; text: string }>;
}

export async function storedText(t: TestServer): Promise<StoredText> {
  const { db } = t.server.app;
  const tables =
    db.dialect === 'sqlite'
      ? await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      : await db.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
  const cells: StoredText['cells'] = [];
  for (const { name } of tables) {
    if (RAW_BY_DESIGN.has(name)) continue;
    for (const row of await db.all<Record<string, unknown>>(`SELECT * FROM ${name}`)) {
      for (const [column, value] of Object.entries(row)) cells.push({ where: `${name}.${column}`, text: decoded(value).join('\n') });
    }
  }
  const files =
    db.dialect === 'sqlite'
      ? filesUnder(t.dataDir)
          .filter((f) => !/queue\.sqlite/.test(f))
          .map((f) => ({ where: f, text: readFileSync(f).toString('latin1') }))
      : [];
  return { cells, files };
}

/** Where `needle` occurs in the store (empty when nowhere). */
export function whereStored(stored: StoredText, needle: string): string[] {
  return [...stored.cells, ...stored.files].filter((c) => c.text.includes(needle)).map((c) => c.where);
}
