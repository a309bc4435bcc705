/**
 * @module A project's data-scrubbing settings, under Sentry's project option names (`PUT /api/0/projects/{org}/{p}/`
 * takes and returns the same names), and their defaults: everything on except IP removal.
 */

export interface ScrubOptions {
  /** Sentry's "Data Scrubber": off means nothing is scrubbed but what `scrubIPAddresses` asks for. */
  dataScrubber?: boolean;
  /** Sentry's "Use Default Scrubbers": the built-in sensitive keys and every text rule (cards, tokens, emails…). */
  dataScrubberDefaults?: boolean;
  /** More sensitive field names (matched case-insensitively, as substrings of a key). */
  sensitiveFields?: string[];
  /** Field names never scrubbed (matched case-insensitively, whole key). */
  safeFields?: string[];
  /** Also remove the user's IP address (Sentry's "Prevent Storing of IP Addresses"). */
  scrubIPAddresses?: boolean;
}

export const DEFAULT_SCRUB_OPTIONS: Required<ScrubOptions> = {
  dataScrubber: true,
  dataScrubberDefaults: true,
  sensitiveFields: [],
  safeFields: [],
  scrubIPAddresses: false,
};

/** Field lists are bounded so a project setting cannot make every key check expensive. */
export const MAX_FIELD_NAMES = 200;
export const MAX_FIELD_NAME_LENGTH = 200;

/** Checks and completes options that arrive as JSON (API body or stored column); throws a RangeError saying what is wrong. */
export function parseScrubOptions(value: unknown, base: Required<ScrubOptions> = DEFAULT_SCRUB_OPTIONS): Required<ScrubOptions> {
  if (value === null || value === undefined) return { ...base };
  if (typeof value !== 'object' || Array.isArray(value)) throw new RangeError('scrub options must be an object');
  const v = value as Record<string, unknown>;
  const out = { ...base };
  for (const k of ['dataScrubber', 'dataScrubberDefaults', 'scrubIPAddresses'] as const) {
    if (v[k] === undefined) continue;
    if (typeof v[k] !== 'boolean') throw new RangeError(`${k} must be true or false`);
    out[k] = v[k];
  }
  for (const k of ['sensitiveFields', 'safeFields'] as const) {
    if (v[k] === undefined) continue;
    const list = v[k];
    if (!Array.isArray(list) || list.some((f) => typeof f !== 'string')) throw new RangeError(`${k} must be a list of field names`);
    const names = [...new Set((list as string[]).map((f) => f.trim()).filter(Boolean))];
    if (names.length > MAX_FIELD_NAMES) throw new RangeError(`${k}: at most ${MAX_FIELD_NAMES} field names`);
    const long = names.find((f) => f.length > MAX_FIELD_NAME_LENGTH);
    if (long) throw new RangeError(`${k}: "${long.slice(0, 40)}…" is longer than ${MAX_FIELD_NAME_LENGTH} characters`);
    out[k] = names;
  }
  return out;
}

/** Options stored as JSON text (the project's column); NULL or a value this version cannot read gives the defaults. */
export function scrubOptionsFromJson(stored: string | null | undefined): Required<ScrubOptions> {
  if (!stored) return { ...DEFAULT_SCRUB_OPTIONS };
  try {
    return parseScrubOptions(JSON.parse(stored));
  } catch {
    return { ...DEFAULT_SCRUB_OPTIONS };
  }
}
