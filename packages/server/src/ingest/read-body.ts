/**
 * @module Reads a request body with hard bounds on both the bytes on the wire and the bytes after decompression,
 * so neither a 100 MB upload nor a gzip bomb can exhaust memory.
 */
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { HttpError } from '../http/respond.ts';

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    await drain(req, 0);
    throw new HttpError(413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      await drain(req, limit * 4);
      throw new HttpError(413, `request body exceeds the limit of ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** Discards the rest of an over-limit body so the client can read our 413; gives up (closes) past `max` bytes. */
async function drain(req: IncomingMessage, max: number): Promise<void> {
  let seen = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    seen += chunk.length;
    if (max > 0 && seen > max) {
      req.socket.destroySoon?.();
      return;
    }
  }
}

/** Decodes Content-Encoding (gzip, deflate zlib-or-raw, br; empty and `UTF-8` mean none, as some SDKs send). */
export async function decodeBody(body: Buffer, encoding: string | undefined, limit: number): Promise<Buffer> {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity' || enc === 'utf-8' || enc === 'utf8') return body;
  if (enc === 'gzip' || enc === 'x-gzip') return inflate(createGunzip(), body, limit, 'gzip');
  if (enc === 'br') return inflate(createBrotliDecompress(), body, limit, 'br');
  if (enc === 'deflate') {
    // RFC says zlib-wrapped; some clients send raw deflate. A zlib stream starts with 0x78 (CMF for 32K window).
    return (body[0] ?? 0) === 0x78 ? inflate(createInflate(), body, limit, 'deflate') : inflate(createInflateRaw(), body, limit, 'deflate');
  }
  throw new HttpError(415, `unsupported Content-Encoding "${encoding}" (gzip, deflate and br are supported)`);
}

function inflate(stream: Transform, body: Buffer, limit: number, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        stream.destroy();
        reject(new HttpError(413, `${name} body inflates past the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    stream.on("error", (err: Error) => {
      if (!failed) {
        failed = true;
        reject(new HttpError(400, `body is not valid ${name} data: ${err.message}`));
      }
    });
    stream.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    stream.end(body);
  });
}
