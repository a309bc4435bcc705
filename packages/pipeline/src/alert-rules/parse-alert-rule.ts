/**
 * @module `parseAlertRule`: any JSON (an API body, a stored row) → a valid `AlertRuleSpec`, or an
 * `AlertRuleError` naming the field. Missing fields fall back to `base` (PUT edits part of a rule) or defaults.
 * Sentry's long condition/filter ids and its level numbers and interval strings are accepted as aliases, so
 * a rule copied from Sentry's API mostly just works.
 */
import type { Level } from '@faultline/protocol';
import { DEFAULT_FREQUENCY_MINUTES, type AlertAction, type AlertCondition, type AlertFilter, type AlertRuleSpec, type TagMatch } from './alert-rule.ts';

export class AlertRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'AlertRuleError';
  }
}

const ID_ALIASES: Record<string, string> = {
  'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition': 'first_seen',
  'sentry.rules.conditions.regression_event.RegressionEventCondition': 'regression',
  'sentry.rules.conditions.reappeared_event.ReappearedEventCondition': 'escalating',
  'sentry.rules.conditions.event_frequency.EventFrequencyCondition': 'event_frequency',
  'sentry.rules.filters.level.LevelFilter': 'level',
  'sentry.rules.filters.tagged_event.TaggedEventFilter': 'tagged_event',
};

export const LEVELS: Level[] = ['debug', 'info', 'warning', 'error', 'fatal'];
const SENTRY_LEVEL_NUMBERS: Record<string, Level> = { '10': 'debug', '20': 'info', '30': 'warning', '40': 'error', '50': 'fatal' };
const TAG_MATCHES: TagMatch[] = ['eq', 'ne', 'sw', 'ew', 'co', 'nc', 'is', 'ns'];
const PD_SEVERITIES = ['auto', 'critical', 'error', 'warning', 'info'] as const;
const MAX_MINUTES = 30 * 24 * 60;
const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10080 };
const EMAIL = /^[^@\s<>,;"]+@[^@\s<>,;"]+\.[^@\s<>,;"]+$/;

type Obj = Record<string, unknown>;

export function parseAlertRule(input: unknown, base?: AlertRuleSpec): AlertRuleSpec {
  if (!isObj(input)) throw new AlertRuleError('rule', 'must be a JSON object');
  const pick = <K extends keyof AlertRuleSpec>(key: K, parse: (v: unknown) => AlertRuleSpec[K], fallback: AlertRuleSpec[K] | undefined): AlertRuleSpec[K] => {
    if (input[key] !== undefined) return parse(input[key]);
    if (fallback !== undefined) return fallback;
    throw new AlertRuleError(key, 'is required');
  };
  return {
    name: pick('name', parseName, base?.name),
    status: pick('status', (v) => oneOf('status', v, ['active', 'disabled'] as const), base?.status ?? 'active'),
    actionMatch: pick('actionMatch', (v) => oneOf('actionMatch', v, ['any', 'all'] as const), base?.actionMatch ?? 'any'),
    filterMatch: pick('filterMatch', (v) => oneOf('filterMatch', v, ['all', 'any'] as const), base?.filterMatch ?? 'all'),
    conditions: pick('conditions', (v) => list('conditions', v, parseCondition, 1), base?.conditions),
    filters: pick('filters', (v) => list('filters', v, parseFilter, 0), base?.filters ?? []),
    actions: pick('actions', (v) => list('actions', v, parseAction, 1), base?.actions),
    environment: pick('environment', parseEnvironment, base ? base.environment : null),
    frequency: pick('frequency', (v) => minutes('frequency', v), base?.frequency ?? DEFAULT_FREQUENCY_MINUTES),
  };
}

function parseName(v: unknown): string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) throw new AlertRuleError('name', 'must be a non-empty string');
  if (s.length > 256) throw new AlertRuleError('name', 'must be at most 256 characters');
  return s;
}

function parseEnvironment(v: unknown): string | null {
  if (v === null || v === '') return null;
  if (typeof v !== 'string' || v.length > 256) throw new AlertRuleError('environment', 'must be an environment name or null');
  return v;
}

function parseCondition(v: Obj, at: string): AlertCondition {
  const id = aliased(v.id, at);
  if (id === 'first_seen' || id === 'regression' || id === 'escalating') return { id };
  if (id === 'event_frequency') {
    const value = Number(v.value);
    if (!Number.isInteger(value) || value < 1 || value > 10_000_000) throw new AlertRuleError(`${at}.value`, 'must be a whole number of events ≥ 1');
    return { id, value, interval: minutes(`${at}.interval`, v.interval) };
  }
  throw new AlertRuleError(`${at}.id`, `unknown condition "${String(v.id)}" (use first_seen, regression, escalating, event_frequency)`);
}

function parseFilter(v: Obj, at: string): AlertFilter {
  const id = aliased(v.id, at);
  if (id === 'level') {
    const match = oneOf(`${at}.match`, v.match ?? 'gte', ['gte', 'eq', 'lte'] as const);
    const raw = String(v.level ?? '');
    const level = SENTRY_LEVEL_NUMBERS[raw] ?? (LEVELS as string[]).find((l) => l === raw);
    if (!level) throw new AlertRuleError(`${at}.level`, `must be one of ${LEVELS.join(', ')}`);
    return { id, match, level: level as Level };
  }
  if (id === 'tagged_event') {
    const key = typeof v.key === 'string' ? v.key.trim() : '';
    if (!key) throw new AlertRuleError(`${at}.key`, 'must be a tag name');
    const match = oneOf(`${at}.match`, v.match ?? 'eq', TAG_MATCHES);
    const value = v.value === undefined || v.value === null ? '' : String(v.value);
    if (!value && match !== 'is' && match !== 'ns') throw new AlertRuleError(`${at}.value`, 'is required for this match');
    return { id, key, match, value };
  }
  throw new AlertRuleError(`${at}.id`, `unknown filter "${String(v.id)}" (use level, tagged_event)`);
}

function parseAction(v: Obj, at: string): AlertAction {
  switch (v.id) {
    case 'email': {
      const targetType = oneOf(`${at}.targetType`, v.targetType ?? 'members', ['members', 'addresses'] as const);
      const raw = v.addresses ?? [];
      const addresses = (typeof raw === 'string' ? raw.split(/[\s,;]+/) : Array.isArray(raw) ? raw : [null]).filter((a) => a !== '');
      if (addresses.some((a) => typeof a !== 'string' || !EMAIL.test(a))) throw new AlertRuleError(`${at}.addresses`, 'must be a list of email addresses');
      if (targetType === 'addresses' && addresses.length === 0) throw new AlertRuleError(`${at}.addresses`, 'needs at least one address');
      if (addresses.length > 50) throw new AlertRuleError(`${at}.addresses`, 'at most 50 addresses');
      return { id: 'email', targetType, addresses: targetType === 'addresses' ? (addresses as string[]) : [] };
    }
    case 'slack':
      return { id: 'slack', webhookUrl: httpUrl(`${at}.webhookUrl`, v.webhookUrl) };
    case 'pagerduty': {
      const routingKey = typeof v.routingKey === 'string' ? v.routingKey.trim() : '';
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(routingKey)) throw new AlertRuleError(`${at}.routingKey`, 'must be the integration (routing) key of an Events API v2 integration');
      const severity = oneOf(`${at}.severity`, v.severity ?? 'auto', PD_SEVERITIES);
      const apiUrl = v.apiUrl === undefined || v.apiUrl === null || v.apiUrl === '' ? null : httpUrl(`${at}.apiUrl`, v.apiUrl);
      return { id: 'pagerduty', routingKey, severity, apiUrl };
    }
    case 'webhook':
      return { id: 'webhook', url: httpUrl(`${at}.url`, v.url) };
    default:
      throw new AlertRuleError(`${at}.id`, `unknown action "${String(v.id)}" (use email, slack, pagerduty, webhook)`);
  }
}

function list<T>(field: string, v: unknown, parse: (item: Obj, at: string) => T, min: number): T[] {
  if (!Array.isArray(v)) throw new AlertRuleError(field, 'must be a list');
  if (v.length < min) throw new AlertRuleError(field, `needs at least ${min}`);
  if (v.length > 20) throw new AlertRuleError(field, 'at most 20');
  return v.map((item, i) => {
    if (!isObj(item)) throw new AlertRuleError(`${field}[${i}]`, 'must be an object with an "id"');
    return parse(item, `${field}[${i}]`);
  });
}

/** Whole minutes from a number or Sentry's interval strings ("5m", "1h", "1d", "1w", "30d"). */
function minutes(field: string, v: unknown): number {
  const m = typeof v === 'string' ? /^(\d+)([mhdw])$/.exec(v.trim()) : null;
  const n = m ? Number(m[1]) * UNIT_MINUTES[m[2]!]! : typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_MINUTES) throw new AlertRuleError(field, 'must be whole minutes from 1 to 43200 (or "5m", "1h", "1d", "1w")');
  return n;
}

function httpUrl(field: string, v: unknown): string {
  let u: URL;
  try {
    u = new URL(String(v ?? ''));
  } catch {
    throw new AlertRuleError(field, 'must be an http(s) URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new AlertRuleError(field, 'must be an http(s) URL');
  return u.toString();
}

function aliased(id: unknown, at: string): string {
  if (typeof id !== 'string') throw new AlertRuleError(`${at}.id`, 'is required');
  return ID_ALIASES[id] ?? id;
}

function oneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  throw new AlertRuleError(field, `must be one of ${allowed.join(', ')}`);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
