/**
 * @module `normalizeLogEntry`: the event's message. `captureMessage` sends a plain `message` string, a
 * parameterized message arrives as `logentry: {message: template, params}`, and old SDKs send the `logentry`
 * shape under `message`. All end up as `logentry`, where `formatted` is what people read (the title) and
 * `message` is the template, which grouping prefers because it doesn't vary per event.
 */

import type { LogEntry } from '@faultline/protocol';
import { boundedCopy } from './bounded-copy.ts';
import { clipString, MAX_STRING_LENGTH } from './clip-string.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord, readString } from './field-readers.ts';

/** Params are display values, not a place for deep structures. */
const PARAMS_DEPTH = 8;

export function normalizeLogEntry(message: unknown, logentry: unknown, faults: FaultLog): LogEntry | undefined {
  const entry: LogEntry = {};
  const source = isRecord(logentry) ? logentry : isRecord(message) ? message : undefined;
  const sourceName = source === logentry ? 'logentry' : 'message';
  if (source !== undefined) {
    const template = readString(source.message, `${sourceName}.message`, faults);
    const formatted = readString(source.formatted, `${sourceName}.formatted`, faults);
    if (template !== undefined) entry.message = template;
    if (formatted !== undefined) entry.formatted = formatted;
    if (Array.isArray(source.params)) {
      entry.params = boundedCopy(source.params, `${sourceName}.params`, faults, PARAMS_DEPTH) as unknown[];
    } else if (source.params !== undefined && source.params !== null) {
      faults.invalid(`${sourceName}.params`, source.params);
    }
  } else if (logentry !== undefined && logentry !== null) {
    faults.invalid('logentry', logentry);
  }

  if (!isRecord(message)) {
    const text = readString(message, 'message', faults);
    // A plain `message` next to a `logentry` is the SDK repeating itself; the logentry's own text wins.
    if (text !== undefined && entry.formatted === undefined) entry.formatted = text;
  } else if (source !== message) {
    faults.invalid('message', message);
  }

  if (entry.formatted === undefined && entry.message !== undefined) {
    entry.formatted = entry.params && entry.params.length > 0 ? formatLogMessage(entry.message, entry.params) : entry.message;
  }
  return entry.formatted === undefined ? undefined : entry;
}

/**
 * printf-style substitution as the JS SDK's `parameterize`/console integrations produce it: `%s %d %i %f %o
 * %O %j` take the next param, `%%` is a literal percent, and a placeholder without a param stays as written.
 */
export function formatLogMessage(template: string, params: readonly unknown[]): string {
  let out = '';
  let next = 0;
  let start = 0;
  for (let i = template.indexOf('%'); i !== -1 && i < template.length - 1; i = template.indexOf('%', i)) {
    const spec = template[i + 1];
    if (spec === '%') {
      out += template.slice(start, i) + '%';
      start = i += 2;
    } else if ('sdifoOj'.includes(spec) && next < params.length) {
      out += template.slice(start, i) + paramText(params[next++]);
      start = i += 2;
    } else {
      i++;
    }
  }
  return clipString(out + template.slice(start), MAX_STRING_LENGTH);
}

function paramText(param: unknown): string {
  if (typeof param === 'string') return param;
  if (param === null || typeof param !== 'object') return String(param);
  return JSON.stringify(param);
}
