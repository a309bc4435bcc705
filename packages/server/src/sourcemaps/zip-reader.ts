/**
 * @module `readZip`: the entries of a ZIP archive, read through its central directory (no dependency needed for
 * the two methods bundles use, stored and deflate). Tolerates bytes before the archive — sentry-cli's bundles
 * start with an 8-byte `SYSB` header and their offsets may or may not count it — the way Python's zipfile does:
 * the central directory's real position, found from the end, tells how far every offset is shifted.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  size: number;
  read(): Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipLimits {
  maxEntries: number;
  /** Per entry, after decompression: a guard against zip bombs. */
  maxEntryBytes: number;
}

const DEFAULT_LIMITS: ZipLimits = { maxEntries: 100_000, maxEntryBytes: 512 * 1024 * 1024 };

export function readZip(buf: Buffer, limits: ZipLimits = DEFAULT_LIMITS): ZipEntry[] {
  const eocd = findEocd(buf);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
  if (count > limits.maxEntries) throw new ZipError(`too many entries (${count} > ${limits.maxEntries})`);
  const cdStart = eocd - cdSize;
  if (cdStart < 0) throw new ZipError('central directory size points before the start of the file');
  const shift = cdStart - cdOffset;
  const entries: ZipEntry[] = [];
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
    if (size > limits.maxEntryBytes) throw new ZipError(`${name} is too large (${size} bytes)`);
    if (name.endsWith('/')) continue;
    entries.push({
      name,
      size,
      read: () => {
        if (localOffset < 0 || localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) throw new ZipError(`local header of ${name} not found`);
        const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
        if (start + compSize > buf.length) throw new ZipError(`${name} is truncated`);
        const raw = buf.subarray(start, start + compSize);
        let data: Buffer;
        try {
          data = method === 0 ? Buffer.from(raw) : inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
        } catch (err) {
          throw new ZipError(`${name} does not decompress (${(err as Error).message})`);
        }
        if (data.length !== size) throw new ZipError(`${name} decompresses to ${data.length} bytes, expected ${size}`);
        if (crc32(data) !== crc) throw new ZipError(`${name} fails its CRC check`);
        return data;
      },
    });
  }
  return entries;
}

function findEocd(buf: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, so it is within the last 65557.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD) return i;
  }
  throw new ZipError('not a ZIP archive (no end of central directory record)');
}
