/**
 * @module A tiny ZIP writer for tests that need archives sentry-cli would never make: entries whose central
 * records point at one shared deflate stream (the overlapping zip bomb), or lie about their sizes.
 */
import { crc32 } from 'node:zlib';

export interface ZipRecord {
  /** The name in the central directory. */
  name: string;
  /** Offset of the local header this record points at (a `LocalEntry.offset`). */
  offset: number;
  method: 0 | 8;
  crc: number;
  compSize: number;
  size: number;
}

export class ZipBuilder {
  private parts: Buffer[] = [];
  private length = 0;
  readonly records: ZipRecord[] = [];

  constructor(prefix?: Buffer) {
    if (prefix) this.push(prefix);
  }

  private push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }

  /** Writes a local header and its data; returns the record that central directory entries can repeat. */
  local(name: string, data: Buffer, opts: { method: 0 | 8; crc?: number; size?: number }): ZipRecord {
    const offset = this.length;
    const h = Buffer.alloc(30);
    const rec: ZipRecord = { name, offset, method: opts.method, crc: opts.crc ?? crc32(data), compSize: data.length, size: opts.size ?? data.length };
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(opts.method, 8);
    h.writeUInt32LE(rec.crc, 14);
    h.writeUInt32LE(rec.compSize, 18);
    h.writeUInt32LE(rec.size, 22);
    h.writeUInt16LE(Buffer.byteLength(name), 26);
    this.push(h);
    this.push(Buffer.from(name));
    this.push(data);
    return rec;
  }

  /** Adds a central directory entry (several may name the same local entry). */
  central(rec: ZipRecord): void {
    this.records.push(rec);
  }

  /** Offsets count from the start of the ZIP, after `prefixLength` bytes (sentry-cli's SYSB header). */
  finish(prefixLength = 0): Buffer {
    const cdStart = this.length;
    for (const r of this.records) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(r.method, 10);
      c.writeUInt32LE(r.crc, 16);
      c.writeUInt32LE(r.compSize, 20);
      c.writeUInt32LE(r.size, 24);
      c.writeUInt16LE(Buffer.byteLength(r.name), 28);
      c.writeUInt32LE(r.offset - prefixLength, 42);
      this.push(c);
      this.push(Buffer.from(r.name));
    }
    const e = Buffer.alloc(22);
    e.writeUInt32LE(0x06054b50, 0);
    e.writeUInt16LE(this.records.length, 8);
    e.writeUInt16LE(this.records.length, 10);
    e.writeUInt32LE(this.length - cdStart, 12);
    e.writeUInt32LE(cdStart - prefixLength, 16);
    this.push(e);
    return Buffer.concat(this.parts, this.length);
  }
}
