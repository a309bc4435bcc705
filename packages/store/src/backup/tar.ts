/**
 * @module A minimal streaming tar (ustar, regular files only) inside gzip: the backup file format.
 * Streaming both ways, so a store of many gigabytes never has to fit in memory. Sizes past 8 GiB use the GNU
 * base-256 size field; names longer than 100 bytes use the ustar prefix field.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';

const BLOCK = 512;

export class BackupFormatError extends Error {}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mtimeMs: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new BackupFormatError(`path too long for the backup format: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  if (size < 8 ** 11) h.write(octal(size, 12), 124, 'ascii');
  else {
    // GNU base-256: high bit set, big-endian binary in the remaining 11 bytes.
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  h.write(octal(Math.floor(mtimeMs / 1000), 12), 136, 'ascii');
  h.fill(' ', 148, 156);
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Writes a .tar.gz entry by entry; `close` writes the end marker and resolves once the file is flushed. */
export class TarGzWriter {
  private readonly gzip: Gzip;
  private readonly out: WriteStream;
  private readonly done: Promise<unknown>;

  constructor(file: string) {
    this.gzip = createGzip({ level: 1 });
    this.out = createWriteStream(file, { flags: 'wx' });
    this.gzip.pipe(this.out);
    this.done = once(this.out, 'close');
    // Surface stream errors at the next write or at close.
    this.out.on('error', () => undefined);
  }

  private async write(buf: Buffer): Promise<void> {
    if (!this.gzip.write(buf)) await once(this.gzip, 'drain');
  }

  async addBuffer(name: string, data: Buffer, mtimeMs = Date.now()): Promise<void> {
    await this.write(header(name, data.byteLength, mtimeMs));
    await this.write(data);
    await this.pad(data.byteLength);
  }

  /** Streams a file in; `size` must be its exact size (files handed here are not being written). */
  async addFile(name: string, path: string, size: number, mtimeMs: number): Promise<void> {
    await this.write(header(name, size, mtimeMs));
    let seen = 0;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      seen += chunk.byteLength;
      await this.write(chunk);
    }
    if (seen !== size) throw new BackupFormatError(`${path} changed size while being archived (${size} → ${seen} bytes)`);
    await this.pad(size);
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest) await this.write(Buffer.alloc(BLOCK - rest));
  }

  async close(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.gzip.end();
    await this.done;
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** Reads the entry's content as chunks; must be consumed fully (or `skip` is implied) before the next entry. */
  chunks(): AsyncIterable<Buffer>;
}

function parseSize(h: Buffer): number {
  if (h[124]! & 0x80) {
    let v = 0n;
    for (let i = 125; i < 136; i++) v = (v << 8n) | BigInt(h[i]!);
    return Number(v);
  }
  const s = h.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim();
  if (!/^[0-7]*$/.test(s)) throw new BackupFormatError('corrupt backup: bad size field in an archive header');
  return s ? parseInt(s, 8) : 0;
}

function checksumOk(h: Buffer): boolean {
  const stored = parseInt(h.toString('ascii', 148, 156).replace(/\0.*$/s, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return stored === sum;
}

/** Reads a .tar.gz entry by entry (regular files only; anything else is a format error). */
export async function* readTarGz(file: string): AsyncGenerator<TarEntry> {
  const source = createReadStream(file).pipe(createGunzip());
  const it = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let buf: Buffer = Buffer.alloc(0);
  let ended = false;
  const fill = async (n: number): Promise<boolean> => {
    while (buf.byteLength < n && !ended) {
      let r: IteratorResult<Buffer>;
      try {
        r = await it.next();
      } catch (err) {
        throw new BackupFormatError(`not a Faultline backup (gzip): ${(err as Error).message}`);
      }
      if (r.done) ended = true;
      else buf = buf.byteLength === 0 ? r.value : Buffer.concat([buf, r.value]);
    }
    return buf.byteLength >= n;
  };
  try {
    for (;;) {
      if (!(await fill(BLOCK))) throw new BackupFormatError('corrupt backup: archive ends without its end marker (truncated file?)');
      const h = buf.subarray(0, BLOCK);
      buf = buf.subarray(BLOCK);
      if (h.every((b) => b === 0)) return;
      if (!checksumOk(h)) throw new BackupFormatError('corrupt backup: archive header checksum mismatch');
      const type = String.fromCharCode(h[156]!);
      if (type !== '0' && type !== '\0') throw new BackupFormatError(`unexpected archive entry type "${type}"`);
      const base = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const prefix = h.toString('utf8', 345, 500).replace(/\0.*$/s, '');
      const name = prefix ? `${prefix}/${base}` : base;
      const size = parseSize(h);
      let left = size;
      const chunks = async function* (): AsyncGenerator<Buffer> {
        while (left > 0) {
          if (buf.byteLength === 0 && !(await fill(1))) throw new BackupFormatError(`corrupt backup: ${name} is truncated`);
          const take = Math.min(left, buf.byteLength);
          const out = buf.subarray(0, take);
          buf = buf.subarray(take);
          left -= take;
          yield out;
        }
      };
      yield { name, size, chunks };
      // Whatever the consumer did not read is skipped.
      if (left > 0) for await (const _ of chunks()) void _;
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if (pad) {
        if (!(await fill(pad))) throw new BackupFormatError('corrupt backup: archive is truncated');
        buf = buf.subarray(pad);
      }
    }
  } finally {
    source.destroy();
  }
}

