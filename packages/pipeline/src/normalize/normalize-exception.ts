/**
 * @module `normalizeException`: the `exception` interface. JS sends `{values: [...]}`; other SDKs and older
 * clients send a bare array or one exception object, so all three are accepted. Order is kept: the last
 * value is the primary (thrown) exception, earlier ones are its causes.
 */

import type { ExceptionValue, Mechanism } from '@faultline/protocol';
import { boundedCopy, setCopy } from './bounded-copy.ts';
import { clipString, MAX_STRING_LENGTH } from './clip-string.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord, readBoolean, readInteger, readString } from './field-readers.ts';
import { normalizeStacktrace } from './normalize-stacktrace.ts';

/** Linked errors are capped at 5 by default in the SDK; aggregate errors can be many more, but not thousands. */
const MAX_EXCEPTIONS = 100;
/** Type names are identifiers; 256 is generous and keeps titles sane. */
const MAX_TYPE_LENGTH = 256;
/** Relay: an exception without a type whose value reads `Type: message` gets split (many SDKs send that). */
const TYPE_IN_VALUE = /^(\w+):(.*)$/;

export function normalizeException(raw: unknown, faults: FaultLog, platform: string): { values: ExceptionValue[] } | undefined {
  let input: unknown[];
  if (Array.isArray(raw)) input = raw;
  else if (isRecord(raw) && Array.isArray(raw.values)) input = raw.values;
  else if (isRecord(raw) && raw.values === undefined && (raw.type !== undefined || raw.value !== undefined || raw.stacktrace !== undefined)) input = [raw];
  else {
    if (raw !== undefined && raw !== null && !(isRecord(raw) && raw.values === null)) faults.invalid('exception', raw);
    return undefined;
  }
  if (input.length > MAX_EXCEPTIONS) {
    // The last entries are the primary exception and its nearest causes.
    faults.tooLong('exception.values', input.length);
    input = input.slice(input.length - MAX_EXCEPTIONS);
  }
  const values: ExceptionValue[] = [];
  for (let i = 0; i < input.length; i++) {
    const value = normalizeExceptionValue(input[i], `exception.values.${i}`, faults, platform);
    if (value !== undefined) values.push(value);
  }
  return values.length > 0 ? { values } : undefined;
}

function normalizeExceptionValue(raw: unknown, path: string, faults: FaultLog, platform: string): ExceptionValue | undefined {
  if (!isRecord(raw)) {
    faults.invalid(path, raw);
    return undefined;
  }
  const exception: ExceptionValue = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    const name = `${path}.${key}`;
    switch (key) {
      case 'type': {
        const type = readString(value, name, faults, MAX_TYPE_LENGTH);
        if (type !== undefined) exception.type = type;
        break;
      }
      case 'value': {
        const text = readExceptionValue(value, name, faults);
        if (text !== undefined) exception.value = text;
        break;
      }
      case 'module': {
        const module = readString(value, name, faults, 1024);
        if (module !== undefined) exception.module = module;
        break;
      }
      case 'thread_id':
        if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) exception.thread_id = value;
        else if (value !== undefined && value !== null) faults.invalid(name, value);
        break;
      case 'mechanism': {
        const mechanism = normalizeMechanism(value, name, faults);
        if (mechanism !== undefined) exception.mechanism = mechanism;
        break;
      }
      case 'stacktrace': {
        const stacktrace = normalizeStacktrace(value, name, faults, platform);
        if (stacktrace !== undefined) exception.stacktrace = stacktrace;
        break;
      }
      default:
        if (value !== undefined && value !== null) setCopy(exception, key, value, name, faults);
    }
  }
  if (exception.type === undefined && exception.value !== undefined) {
    const m = TYPE_IN_VALUE.exec(exception.value);
    if (m !== null && m[2].trim() !== '') {
      exception.type = m[1];
      exception.value = m[2].trim();
    }
  }
  if (exception.type === undefined && exception.value === undefined && exception.stacktrace === undefined) {
    faults.invalid(path, raw);
    return undefined;
  }
  return exception;
}

/** Relay's "JSON-lenient string": a thrown non-Error object is shown as its JSON. */
function readExceptionValue(value: unknown, name: string, faults: FaultLog): string | undefined {
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(boundedCopy(value, name, faults, 8));
    return clipString(text, MAX_STRING_LENGTH);
  }
  return readString(value, name, faults);
}

function normalizeMechanism(raw: unknown, path: string, faults: FaultLog): Mechanism | undefined {
  if (!isRecord(raw)) {
    if (raw !== undefined && raw !== null) faults.invalid(path, raw);
    return undefined;
  }
  const mechanism: Mechanism = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    const name = `${path}.${key}`;
    switch (key) {
      case 'type': case 'source': case 'description': case 'help_link': {
        const text = readString(value, name, faults, 1024);
        if (text !== undefined) mechanism[key] = text;
        break;
      }
      case 'handled': case 'synthetic': case 'is_exception_group': {
        const b = readBoolean(value, name, faults);
        if (b !== undefined) mechanism[key] = b;
        break;
      }
      case 'exception_id': case 'parent_id': {
        const n = readInteger(value, name, faults);
        if (n !== undefined) mechanism[key] = n;
        break;
      }
      case 'data':
        if (isRecord(value)) mechanism.data = boundedCopy(value, name, faults, 16) as Record<string, unknown>;
        else if (value !== undefined && value !== null) faults.invalid(name, value);
        break;
      default:
        if (value !== undefined && value !== null) setCopy(mechanism, key, value, name, faults, 16);
    }
  }
  // Sentry requires a type; SDKs that omit it mean the plain capture path.
  if (mechanism.type === undefined) mechanism.type = 'generic';
  return mechanism;
}
