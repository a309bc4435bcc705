/**
 * @module `parseMultipart`: `multipart/form-data` as sentry-cli sends it (chunk uploads, legacy release files).
 * The body is read whole first, bounded by the caller; a body that stops before its closing boundary is refused
 * as truncated, so a cut-off upload can never store half a chunk.
 */
import { HttpError } from '../http/respond.ts';

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string {
  const m = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new HttpError(400, 'expected a multipart/form-data body with a boundary');
  return boundary;
}

export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw new HttpError(400, 'multipart body has no boundary line: truncated or not form data');
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts; // `--boundary--`: the end
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    else if (body[pos] === 0x0a) pos += 1;
    else if (pos >= body.length) break;
    const headerEnd = indexOfHeaderEnd(body, pos);
    if (headerEnd === -1) break;
    const headers = parseHeaders(body.toString('utf8', pos, headerEnd.at));
    const dataStart = headerEnd.at + headerEnd.len;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
    if (next === -1) break;
    const disposition = headers['content-disposition'] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new HttpError(400, 'multipart part without a name');
    const part: Part = { name, data: body.subarray(dataStart, next) };
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (filename !== undefined) part.filename = filename;
    if (headers['content-type']) part.contentType = headers['content-type'];
    parts.push(part);
    pos = next + 2;
  }
  throw new HttpError(400, 'multipart body is truncated: it ends before its closing boundary');
}

function indexOfHeaderEnd(body: Buffer, from: number): { at: number; len: number } | -1 {
  const crlf = body.indexOf('\r\n\r\n', from);
  if (crlf !== -1) return { at: crlf, len: 4 };
  return -1;
}

function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}
