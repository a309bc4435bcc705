/**
 * @module `normalizeRequest`: the `request` interface. Headers become a plain string→string object whatever
 * form they came in (object, or Sentry's stored array of pairs), because the User-Agent is read from them and
 * the UI shows them as a table.
 */

import type { RequestInfo } from '@faultline/protocol';
import { boundedCopy, setCopy, setOwn } from './bounded-copy.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord, readString } from './field-readers.ts';

/** Browsers cap URLs around 2–8 KiB; 8 KiB keeps every real one intact. */
const MAX_URL_LENGTH = 8192;
/** Header values past this are tokens or cookies nobody reads in an error report. */
const MAX_HEADER_LENGTH = 8192;

export function normalizeRequest(raw: unknown, faults: FaultLog): RequestInfo | undefined {
  if (!isRecord(raw)) {
    if (raw !== undefined && raw !== null) faults.invalid('request', raw);
    return undefined;
  }
  const request: RequestInfo = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    const name = `request.${key}`;
    if (value === undefined || value === null) continue;
    switch (key) {
      case 'url': {
        const url = readString(value, name, faults, MAX_URL_LENGTH);
        if (url !== undefined) request.url = url;
        break;
      }
      case 'method': {
        const method = readString(value, name, faults, 32);
        if (method !== undefined) request.method = method.toUpperCase();
        break;
      }
      case 'headers': {
        const headers = normalizeHeaders(value, name, faults);
        if (headers !== undefined) request.headers = headers;
        break;
      }
      case 'query_string': {
        const query = normalizeQueryString(value, name, faults);
        if (query !== undefined) request.query_string = query;
        break;
      }
      case 'cookies':
        if (typeof value === 'string') {
          const cookies = readString(value, name, faults, MAX_HEADER_LENGTH);
          if (cookies !== undefined) request.cookies = cookies;
        } else if (isRecord(value)) request.cookies = stringMap(value, name, faults);
        else faults.invalid(name, value);
        break;
      case 'env':
        if (isRecord(value)) request.env = boundedCopy(value, name, faults) as Record<string, unknown>;
        else faults.invalid(name, value);
        break;
      default:
        // `data` (the body) and anything newer: free-form, depth-guarded.
        setCopy(request, key, value, name, faults);
    }
  }
  return Object.keys(request).length > 0 ? request : undefined;
}

/** Headers from an object or from `[[name, value], …]`; repeated values are joined as HTTP would. */
export function normalizeHeaders(raw: unknown, path: string, faults: FaultLog): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  const add = (name: unknown, value: unknown, at: string): void => {
    if (typeof name !== 'string' || name === '') {
      faults.invalid(at, name);
      return;
    }
    let text: string | undefined;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = value.join(', ');
    else text = readString(value, at, faults, MAX_HEADER_LENGTH);
    if (!text) return; // an empty value carries nothing (and readString would drop it on a second pass)
    if (text.length > MAX_HEADER_LENGTH) text = readString(text, at, faults, MAX_HEADER_LENGTH) ?? '';
    if (Object.hasOwn(headers, name)) setOwn(headers, name, `${headers[name]}, ${text}`);
    else setOwn(headers, name, text);
  };
  if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i++) {
      const pair = raw[i];
      if (Array.isArray(pair) && pair.length === 2) add(pair[0], pair[1], `${path}.${i}`);
      else faults.invalid(`${path}.${i}`, pair);
    }
  } else if (isRecord(raw)) {
    for (const name of Object.keys(raw)) add(name, raw[name], `${path}.${name}`);
  } else {
    faults.invalid(path, raw);
    return undefined;
  }
  return Object.keys(headers).length > 0 ? headers : undefined;
}

/** A header by name, case-insensitively (browsers send `User-Agent`, Node servers `user-agent`). */
export function findHeader(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === wanted) return headers[key];
  return undefined;
}

function normalizeQueryString(raw: unknown, path: string, faults: FaultLog): RequestInfo['query_string'] {
  if (typeof raw === 'string') {
    const text = raw.startsWith('?') ? raw.slice(1) : raw;
    return readString(text, path, faults, MAX_URL_LENGTH);
  }
  if (Array.isArray(raw)) {
    const pairs: [string, string][] = [];
    for (const pair of raw) {
      if (Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && (typeof pair[1] === 'string' || pair[1] === null)) {
        pairs.push([pair[0], pair[1] ?? '']);
      } else faults.invalid(path, pair);
    }
    return pairs.length > 0 ? pairs : undefined;
  }
  if (isRecord(raw)) return stringMap(raw, path, faults);
  faults.invalid(path, raw);
  return undefined;
}

function stringMap(raw: Record<string, unknown>, path: string, faults: FaultLog): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(raw)) {
    const value = readString(raw[key], `${path}.${key}`, faults, MAX_HEADER_LENGTH);
    if (value !== undefined) setOwn(out, key, value);
  }
  return out;
}
