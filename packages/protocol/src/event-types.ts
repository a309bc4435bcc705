/**
 * @module Event payload types as the SDKs send them (raw, lenient) and as Faultline stores them (normalized).
 * Field names follow Sentry's event schema so the REST API can hand them out unchanged.
 */

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug' | 'log';

export interface StackFrame {
  filename?: string;
  abs_path?: string;
  function?: string;
  module?: string;
  package?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  context_line?: string;
  pre_context?: string[];
  post_context?: string[];
  platform?: string;
  vars?: Record<string, unknown>;
  /** Set by symbolication: the frame as it arrived, before source maps. */
  raw?: { filename?: string; abs_path?: string; function?: string; lineno?: number; colno?: number };
  /** Set by symbolication when a source map resolved this frame. */
  symbolicated?: boolean;
  [key: string]: unknown;
}

export interface Stacktrace {
  frames: StackFrame[];
  [key: string]: unknown;
}

export interface Mechanism {
  type?: string;
  handled?: boolean;
  synthetic?: boolean;
  source?: string;
  is_exception_group?: boolean;
  exception_id?: number;
  parent_id?: number;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ExceptionValue {
  type?: string;
  value?: string;
  module?: string;
  thread_id?: number | string;
  stacktrace?: Stacktrace;
  mechanism?: Mechanism;
  [key: string]: unknown;
}

export interface Breadcrumb {
  timestamp?: number;
  type?: string;
  category?: string;
  level?: string;
  message?: string;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface User {
  id?: string | number;
  email?: string;
  username?: string;
  ip_address?: string;
  geo?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface RequestInfo {
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  query_string?: string | Record<string, string> | [string, string][];
  cookies?: string | Record<string, string>;
  data?: unknown;
  env?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface LogEntry {
  message?: string;
  formatted?: string;
  params?: unknown[];
}

export interface DebugImage {
  type?: string;
  code_file?: string;
  debug_id?: string;
  [key: string]: unknown;
}

/** What an SDK sends. Every field may be missing or of the wrong type: normalize before trusting it. */
export interface RawEvent {
  event_id?: unknown;
  timestamp?: unknown;
  start_timestamp?: unknown;
  level?: unknown;
  platform?: unknown;
  logger?: unknown;
  server_name?: unknown;
  release?: unknown;
  dist?: unknown;
  environment?: unknown;
  message?: unknown;
  logentry?: unknown;
  transaction?: unknown;
  fingerprint?: unknown;
  tags?: unknown;
  extra?: unknown;
  modules?: unknown;
  user?: unknown;
  request?: unknown;
  contexts?: unknown;
  breadcrumbs?: unknown;
  exception?: unknown;
  threads?: unknown;
  sdk?: unknown;
  debug_meta?: unknown;
  type?: unknown;
  [key: string]: unknown;
}

/** A field fault found while normalizing: the event survives, the fault is recorded (Sentry's `errors` shape). */
export interface EventError {
  type: string;
  name?: string;
  value?: unknown;
  [key: string]: unknown;
}

/** The event after normalization: every field below has the type it says, or is absent. */
export interface NormalizedEvent {
  event_id: string;
  /** Unix seconds, float. */
  timestamp: number;
  /** Unix seconds, float: when Faultline received it. */
  received: number;
  level: Level;
  platform: string;
  type: 'error' | 'default' | 'transaction' | string;
  logger?: string;
  server_name?: string;
  release?: string;
  dist?: string;
  environment?: string;
  logentry?: LogEntry;
  transaction?: string;
  fingerprint?: string[];
  /** Sentry's stored form: an array of [key, value] pairs, values strings. */
  tags: [string, string][];
  extra?: Record<string, unknown>;
  modules?: Record<string, string>;
  user?: User;
  request?: RequestInfo;
  contexts: Record<string, Record<string, unknown>>;
  breadcrumbs?: { values: Breadcrumb[] };
  exception?: { values: ExceptionValue[] };
  threads?: { values: Array<{ id?: number | string; name?: string; crashed?: boolean; current?: boolean; main?: boolean; stacktrace?: Stacktrace }> };
  sdk?: { name?: string; version?: string; integrations?: string[]; packages?: Array<{ name: string; version: string }>; [key: string]: unknown };
  debug_meta?: { images: DebugImage[] };
  errors: EventError[];
  [key: string]: unknown;
}

/** What grouping decides for one event. */
export interface GroupingResult {
  /** Hashes in priority order (app variant first, then system or default). 32 lowercase hex each. */
  hashes: string[];
  /** Grouping config id, e.g. `newstyle:2023-01-11`, stored per project. */
  config: string;
  title: string;
  culprit: string;
  /** Sentry's issue metadata: {type, value, filename, function} for errors, {title} for messages. */
  metadata: Record<string, string>;
  /**
   * Set when a fingerprint rule matched: the fingerprint it gave (as written, `{{ variables }}` unresolved) and
   * Sentry's `_fingerprint_info` naming the rule; both are stored on the event in place of the SDK's.
   */
  fingerprintRule?: { fingerprint: string[]; info: { matched_rule: { matchers: [string, string][]; fingerprint: string[]; attributes: { title?: string } } } };
  /** `error` when the event has an exception, else `default`. */
  issueType: 'error' | 'default';
}
