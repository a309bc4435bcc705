/**
 * @module `?download` of a replay's recording segments: one JSON array of the segments' decompressed rrweb event
 * arrays, in segment order, written as it is read — a page of rows at a time, then their bytes from the blob store
 * in runs of up to 4 MiB as stored — so memory holds one run, one segment decompressed (≤ 10 MiB) and a page of row
 * metadata, however many segments the replay has. Socket backpressure pauses the reading. A segment that fails to
 * read or decode after the status went out aborts the response (the client sees a broken transfer, never a short
 * array).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { listReplaySegments, readReplaySegments, type BlobStore, type Db, type ReplaySegmentRow } from '@faultline/store';
import type { ServerResponse } from 'node:http';
import { decodeRecordingBody } from '../../replays/replay-processors.ts';

/** Segment rows read per query. */
const ROWS_PER_READ = 100;
/** Stored (compressed) bytes of segments read from the blob store at once (one query on PostgreSQL); one larger segment goes alone. */
const BYTES_PER_READ = 4 * 1024 * 1024;

/** Splits rows into runs of at most BYTES_PER_READ stored bytes (at least one row each). */
function byStoredBytes(rows: ReplaySegmentRow[]): ReplaySegmentRow[][] {
  const out: ReplaySegmentRow[][] = [];
  let run: ReplaySegmentRow[] = [];
  let bytes = 0;
  for (const r of rows) {
    if (run.length > 0 && bytes + r.size > BYTES_PER_READ) {
      out.push(run);
      run = [];
      bytes = 0;
    }
    run.push(r);
    bytes += r.size;
  }
  if (run.length > 0) out.push(run);
  return out;
}

export interface SegmentRange {
  projectId: number;
  replayId: string;
  offset: number;
  /** How many segments from `offset`. */
  count: number;
}

async function* segmentsJson(db: Db, blobs: BlobStore, r: SegmentRange): AsyncGenerator<Buffer> {
  yield Buffer.from('[');
  let first = true;
  for (let at = r.offset; at < r.offset + r.count; at += ROWS_PER_READ) {
    const rows = await listReplaySegments(db, r.projectId, r.replayId, Math.min(ROWS_PER_READ, r.offset + r.count - at), at);
    for (const run of byStoredBytes(rows)) {
      const payloads = await readReplaySegments(db, blobs, r.projectId, r.replayId, run);
      for (const [i, s] of run.entries()) {
        const decoded = decodeRecordingBody(payloads[i]!);
        if (!decoded) throw new Error(`stored segment ${s.segment_id} of replay ${r.replayId} does not decode`);
        if (!first) yield Buffer.from(',');
        first = false;
        yield Buffer.from(decoded.json.buffer, decoded.json.byteOffset, decoded.json.byteLength);
      }
    }
    if (rows.length < ROWS_PER_READ) break;
  }
  yield Buffer.from(']');
}

/** Writes the 200 and streams the range; rejects (with the response destroyed) when a segment cannot be read. */
export async function streamSegments(res: ServerResponse, db: Db, blobs: BlobStore, range: SegmentRange, headers: Record<string, string>): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json', 'x-content-type-options': 'nosniff', ...headers });
  await pipeline(Readable.from(segmentsJson(db, blobs, range), { objectMode: false, highWaterMark: 1 }), res);
}
