/**
 * @module Reads a request body with hard bounds on both the bytes on the wire and the bytes after decompression,
 * so neither a 100 MB upload nor a gzip bomb can exhaust memory.
 */
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import {
  brotliDecompressSync,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  gunzipSync,
  inflateRawSync,
  inflateSync,
  type ZlibOptions,
} from 'node:zlib';
import { HttpError } from '../http/respond.ts';

/**
 * Compressed bodies up to this size are inflated in one synchronous call: an SDK's envelope (a few KB) costs
 * less that way than a zlib stream's setup, thread-pool hop and chunk events. Larger ones stream.
 */
const SYNC_INFLATE_MAX_INPUT = 64 * 1024;
/** The synchronous path's output bound: past it the body goes to the stream path, so one call never blocks long. */
const SYNC_INFLATE_MAX_OUTPUT = 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return drain(req, 0).then(() => {
      throw new HttpError(413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
    });
  }
  // Events, not `for await`: the async iterator costs a promise and a stream wrapper per chunk on the hot path.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      chunks.length = 0;
      drain(req, limit * 4).then(() => reject(new HttpError(413, `request body exceeds the limit of ${limit} bytes`)), reject);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    // A request closed before its end (the client went away) settles too, so no read is left pending.
    const onAborted = () => onError(new Error('request aborted'));
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      req.off('close', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
    req.on('close', onAborted);
  });
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
  if (enc === 'gzip' || enc === 'x-gzip') return inflateSmall(gunzipSync, body, limit, 'gzip') ?? inflate(createGunzip(), body, limit, 'gzip');
  if (enc === 'br') return inflateSmall(brotliDecompressSync, body, limit, 'br') ?? inflate(createBrotliDecompress(), body, limit, 'br');
  if (enc === 'deflate') {
    // RFC says zlib-wrapped; some clients send raw deflate. A zlib stream starts with 0x78 (CMF for 32K window).
    const zlibWrapped = (body[0] ?? 0) === 0x78;
    return inflateSmall(zlibWrapped ? inflateSync : inflateRawSync, body, limit, 'deflate') ?? (zlibWrapped ? inflate(createInflate(), body, limit, 'deflate') : inflate(createInflateRaw(), body, limit, 'deflate'));
  }
  throw new HttpError(415, `unsupported Content-Encoding "${encoding}" (gzip, deflate and br are supported)`);
}

/**
 * A small body inflated in one synchronous call whose output zlib itself caps (`maxOutputLength`: it stops and
 * throws instead of allocating more), so a bomb costs at most the cap. Null when the body is too big for this
 * path or inflates past the cap while the limit is higher: the stream path then decides.
 */
function inflateSmall(fn: (b: Buffer, o: ZlibOptions) => Buffer, body: Buffer, limit: number, name: string): Buffer | null {
  if (body.byteLength > SYNC_INFLATE_MAX_INPUT) return null;
  const cap = Math.min(limit, SYNC_INFLATE_MAX_OUTPUT);
  try {
    return fn(body, { maxOutputLength: cap });
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') throw new HttpError(400, `body is not valid ${name} data: ${(err as Error).message}`);
    if (cap < limit) return null;
    throw new HttpError(413, `${name} body inflates past the limit of ${limit} bytes`);
  }
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
