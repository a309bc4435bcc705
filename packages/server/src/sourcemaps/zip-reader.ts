/**
 * @module `readZip`: the entries of a ZIP archive, read through its central directory (no dependency needed for
 * the two methods bundles use, stored and deflate). Tolerates bytes before the archive — sentry-cli's bundles
 * start with an 8-byte `SYSB` header and their offsets may or may not count it — the way Python's zipfile does:
 * the central directory's real position, found from the end, tells how far every offset is shifted.
 *
 * Zip bombs are refused before anything is inflated: the central directory's sizes must keep within the entry
 * count, per-entry, total and ratio caps, and no two entries may share compressed bytes. Each entry then
 * inflates off the event loop with its declared size as a hard output budget (zlib aborts past it), so the
 * declared sizes — already capped — bound the memory an archive can take.
 */
import { promisify } from 'node:util';
import { crc32, inflateRaw } from 'node:zlib';

const inflateRawAsync = promisify(inflateRaw);

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  size: number;
  read(): Promise<Buffer>;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MiB = 1024 * 1024;

export interface ZipLimits {
  maxEntries: number;
  /** Per entry, after decompression. */
  maxEntryBytes: number;
  /** All entries together, after decompression. */
  maxTotalBytes: number;
  /** Largest decompressed : compressed ratio allowed for entries bigger than `ratioAboveBytes`. */
  maxRatio: number;
  ratioAboveBytes: number;
}

/** Source maps deflate about 4-10:1; deflate itself tops out near 1032:1, which is where bombs sit. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 100_000, maxEntryBytes: 256 * MiB, maxTotalBytes: 1024 * MiB, maxRatio: 100, ratioAboveBytes: MiB };

interface Listed {
  name: string;
  method: number;
  crc: number;
  compSize: number;
  size: number;
  start: number;
}

export function readZip(buf: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  const eocd = findEocd(buf);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
  if (count > limits.maxEntries) throw new ZipError(`too many entries (${count}; at most ${limits.maxEntries})`);
  const cdStart = eocd - cdSize;
  if (cdStart < 0) throw new ZipError('central directory size points before the start of the file');
  const shift = cdStart - cdOffset;
  const listed: Listed[] = [];
  let total = 0;
  let p = cdStart;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new ZipError(`central directory entry ${i} is damaged`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42) + shift;
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) throw new ZipError(`${name} is encrypted`);
    if (method !== 0 && method !== 8) throw new ZipError(`${name} uses compression method ${method} (only stored and deflate are supported)`);
    if (method === 0 && size !== compSize) throw new ZipError(`${name} is stored but its sizes differ (${compSize} vs ${size} bytes)`);
    if (size > limits.maxEntryBytes) throw new ZipError(`${name} inflates to ${size} bytes; at most ${limits.maxEntryBytes} per file`);
    if (size > limits.ratioAboveBytes && size > compSize * limits.maxRatio) {
      throw new ZipError(`${name} inflates ${compSize} bytes to ${size} (more than ${limits.maxRatio}:1): refused as a zip bomb`);
    }
    total += size;
    if (total > limits.maxTotalBytes) throw new ZipError(`the entries inflate to more than ${limits.maxTotalBytes} bytes in all`);
    if (name.endsWith('/')) continue;
    if (localOffset < 0 || localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) throw new ZipError(`local header of ${name} not found`);
    const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (start + compSize > buf.length) throw new ZipError(`${name} is truncated`);
    listed.push({ name, method, crc, compSize, size, start });
  }
  refuseOverlaps(listed);
  return listed.map((e) => ({ name: e.name, size: e.size, read: () => inflateEntry(buf, e) }));
}

/** Entries sharing compressed bytes are how a small archive claims many large files: none may overlap. */
function refuseOverlaps(listed: Listed[]): void {
  const byStart = listed.filter((e) => e.compSize > 0).sort((a, b) => a.start - b.start);
  for (let i = 1; i < byStart.length; i++) {
    const prev = byStart[i - 1]!;
    if (byStart[i]!.start < prev.start + prev.compSize) throw new ZipError(`${byStart[i]!.name} overlaps ${prev.name}: refused as a zip bomb`);
  }
}

async function inflateEntry(buf: Buffer, e: Listed): Promise<Buffer> {
  const raw = buf.subarray(e.start, e.start + e.compSize);
  let data: Buffer;
  try {
    data = e.method === 0 ? Buffer.from(raw) : await inflateRawAsync(raw, { maxOutputLength: Math.max(e.size, 1) });
  } catch (err) {
    throw new ZipError(`${e.name} does not decompress within its declared ${e.size} bytes (${(err as Error).message})`);
  }
  if (data.length !== e.size) throw new ZipError(`${e.name} decompresses to ${data.length} bytes, expected ${e.size}`);
  if (crc32(data) !== e.crc) throw new ZipError(`${e.name} fails its CRC check`);
  return data;
}

function findEocd(buf: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, so it is within the last 65557.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD) return i;
  }
  throw new ZipError('not a ZIP archive (no end of central directory record)');
}
