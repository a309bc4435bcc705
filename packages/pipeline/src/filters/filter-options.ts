/**
 * @module A project's inbound data filters (Sentry's names): which are on, the error-message and release globs,
 * and `allowedDomains` for browser requests. Stored as one JSON document per project; NULL means every filter off
 * and `allowedDomains: ['*']`, Sentry's default.
 */

/** Sentry's filter ids, which are also the `filtered` outcome reasons (Relay's `FilterStatKey`). */
export const INBOUND_FILTER_IDS = ['browser-extensions', 'localhost', 'web-crawlers', 'legacy-browsers'] as const;
export type InboundFilterId = (typeof INBOUND_FILTER_IDS)[number];
/** The reasons of the pattern filters, active whenever their list is non-empty. */
export type FilterReason = InboundFilterId | 'error-message' | 'release-version';

export interface FilterOptions {
  active: InboundFilterId[];
  errorMessages: string[];
  releases: string[];
  allowedDomains: string[];
}

export const DEFAULT_FILTER_OPTIONS: FilterOptions = { active: [], errorMessages: [], releases: [], allowedDomains: ['*'] };

const MAX_PATTERNS = 500;
const MAX_PATTERN_LENGTH = 512;

export function isInboundFilterId(id: string): id is InboundFilterId {
  return (INBOUND_FILTER_IDS as readonly string[]).includes(id);
}

/** The stored JSON (or NULL) → options; anything unreadable falls back to the defaults, field by field. */
export function filterOptionsFromJson(json: string | null | undefined): FilterOptions {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = json ? JSON.parse(json) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  } catch {
    /* defaults */
  }
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined);
  return {
    active: (strings(raw.active) ?? []).filter(isInboundFilterId),
    errorMessages: strings(raw.errorMessages) ?? [],
    releases: strings(raw.releases) ?? [],
    allowedDomains: strings(raw.allowedDomains) ?? [...DEFAULT_FILTER_OPTIONS.allowedDomains],
  };
}

/** Sentry's `filters:error_messages` / `filters:releases` text: one glob a line, blank lines dropped. */
export function parsePatternLines(value: unknown, field: string): string[] {
  if (typeof value !== 'string') throw new RangeError(`${field} must be a string of newline-separated patterns`);
  return checkPatterns(value.split('\n').map((l) => l.trim()).filter((l) => l.length > 0), field);
}

/** Sentry's `allowedDomains`: a list of host globs (`*`, `*.example.com`, `example.com:8080`). */
export function parseAllowedDomains(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new RangeError('allowedDomains must be a list of strings');
  return checkPatterns((value as string[]).map((v) => v.trim()).filter((v) => v.length > 0), 'allowedDomains');
}

function checkPatterns(list: string[], field: string): string[] {
  if (list.length > MAX_PATTERNS) throw new RangeError(`${field} holds at most ${MAX_PATTERNS} patterns`);
  const long = list.find((p) => p.length > MAX_PATTERN_LENGTH);
  if (long !== undefined) throw new RangeError(`${field}: a pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  return list;
}
