/** @module The REST API's response shapes the UI reads (Sentry's field names; only what the screens use). */

export interface User {
  id: string;
  email: string;
  name: string;
  isSuperuser: boolean;
  role: 'admin' | 'member';
  teamIds: string[];
}

export interface AuthState {
  user: User | null;
  csrfToken: string | null;
  needsSetup: boolean;
}

export interface Organization {
  id: string;
  slug: string;
  name: string;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
}

export interface Project {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  dateCreated: string;
  team: Team | null;
  /** Its fingerprint rules as written (Sentry's syntax, one rule a line); '' for none. */
  fingerprintingRules?: string;
  /** Days its error events are kept; null: the server's `--retention-days`. */
  retentionDays?: number | null;
  /** Bytes of stored data it may hold (Faultline's); null: no budget of its own. */
  maxDiskBytes?: number | null;
  /** Sentry's inbound-filter globs, one a line: `filters:error_messages`, `filters:releases`. */
  options?: Record<string, string>;
  /** Hosts browser events may come from (`*`: any). */
  allowedDomains?: string[];
}

/** One of Sentry's switchable inbound filters of a project (`GET …/filters/`). */
export interface InboundFilter {
  id: string;
  active: boolean;
  name: string;
  description: string;
}

export interface ProjectStats {
  id: string;
  slug: string;
  total: number;
  stats: Array<[number, number]>;
}

export interface ProjectKey {
  id: string;
  name: string;
  public: string;
  isActive: boolean;
  dateCreated: string;
  dsn: { public: string; secret: string };
}

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug' | 'sample';
export type IssueStatus = 'unresolved' | 'resolved' | 'ignored';

export interface Issue {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: Level;
  status: IssueStatus;
  substatus: string | null;
  statusDetails: Record<string, unknown>;
  platform: string | null;
  project: { id: string; name: string; slug: string; platform: string | null };
  metadata: { type?: string; value?: string; filename?: string; function?: string; title?: string };
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  firstRelease: { version: string } | null;
  lastRelease: { version: string } | null;
  stats?: { '24h'?: Array<[number, number]> };
}

export interface Activity {
  id: string;
  type: string;
  data: Record<string, unknown>;
  dateCreated: string;
  user: { id: string; email: string; name: string } | null;
}

export interface IssueDetails extends Issue {
  activity: Activity[];
  tags: Array<{ key: string; totalValues: number; uniqueValues: number }>;
}

export interface TagValue {
  key: string;
  name: string;
  value: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface IssueTag {
  key: string;
  name: string;
  totalValues: number;
  uniqueValues: number;
  topValues: TagValue[];
}

export interface Frame {
  filename?: string | null;
  abs_path?: string | null;
  module?: string | null;
  function?: string | null;
  lineno?: number | null;
  colno?: number | null;
  in_app?: boolean | null;
  context_line?: string | null;
  pre_context?: string[] | null;
  post_context?: string[] | null;
  vars?: Record<string, unknown> | null;
  /** Set by symbolication: the frame as it arrived (minified), before its source map rewrote it. */
  raw?: { filename?: string; abs_path?: string; function?: string; lineno?: number; colno?: number; context_line?: string } | null;
  /** True when a source map resolved this frame. */
  symbolicated?: boolean | null;
  /** `sourcemap` (the map's URL or origin) and `resolved_with` (`debug-id`, `release`…) on resolved frames. */
  data?: { sourcemap?: string; resolved_with?: string; [key: string]: unknown } | null;
}

export interface ExceptionValue {
  type?: string | null;
  value?: string | null;
  module?: string | null;
  mechanism?: { type?: string; handled?: boolean; exception_id?: number; parent_id?: number; source?: string; synthetic?: boolean } | null;
  stacktrace?: { frames?: Frame[] | null } | null;
}

export interface Breadcrumb {
  timestamp?: number | string | null;
  category?: string | null;
  level?: string | null;
  message?: string | null;
  type?: string | null;
  data?: Record<string, unknown> | null;
}

export interface RequestData {
  url?: string | null;
  method?: string | null;
  query_string?: string | Array<[string, string]> | Record<string, string> | null;
  headers?: Array<[string, string]> | Record<string, string> | null;
  data?: unknown;
  cookies?: unknown;
  env?: Record<string, unknown> | null;
}

export type Entry =
  | { type: 'exception'; data: { values: ExceptionValue[]; hasSystemFrames?: boolean } }
  | { type: 'message'; data: { formatted: string; message?: string } }
  | { type: 'breadcrumbs'; data: { values: Breadcrumb[] } }
  | { type: 'request'; data: RequestData }
  | { type: 'threads'; data: unknown };

export interface EventDetails {
  id: string;
  eventID: string;
  groupID: string | null;
  projectID: string;
  title: string;
  message: string;
  culprit: string | null;
  platform: string | null;
  dateCreated: string;
  dateReceived: string;
  level: string;
  release: { version: string } | null;
  dist: string | null;
  environment: string | null;
  transaction: string | null;
  tags: Array<{ key: string; value: string }>;
  user: Record<string, unknown> | null;
  contexts: Record<string, Record<string, unknown>> | null;
  sdk: { name?: string; version?: string; integrations?: string[]; packages?: Array<{ name: string; version: string }> } | null;
  entries: Entry[];
  errors: ProcessingError[] | null;
  extra: Record<string, unknown>;
  /** Installed packages and their versions, as the SDK reported them. */
  modules?: Record<string, string> | null;
  fingerprint: string[] | null;
  previousEventID: string | null;
  nextEventID: string | null;
}

/**
 * Something Faultline had to fix, drop or could not do while processing the event. Source-map errors (`js_*`) name
 * the frames they affect as paths (`exception.values.0.stacktrace.frames.3`), the file URL, debug ID and map.
 */
export interface ProcessingError {
  type: string;
  name?: string;
  value?: unknown;
  reason?: string;
  url?: string;
  debug_id?: string;
  sourcemap?: string;
  frames?: string[];
}

/** `GET …/events/{id}/source-map-debug/?exception_idx=&frame_idx=`: how one frame's source map was looked for. */
export interface SourceMapDebug {
  frame: { resolved: boolean; filename?: string; lineno?: number; colno?: number; function?: string; raw: Frame['raw'] };
  release: string | null;
  dist: string | null;
  absPath?: string;
  debugId?: string;
  resolvedWith?: string;
  sourcemap?: string;
  steps: string[];
  error?: { type: string; reason?: string; url?: string; debug_id?: string; sourcemap?: string };
  errors: ProcessingError[];
}

/** `POST /issues/{id}/reprocess/`. */
export interface ReprocessResult {
  reprocessed: number;
  changed: number;
  moved: number;
  issues: string[];
  removedIssues: string[];
}

export interface Release {
  id: number;
  version: string;
  shortVersion: string;
  versionInfo: { package: string | null; version: { raw: string } } | null;
  ref: string | null;
  url: string | null;
  dateCreated: string;
  dateReleased: string | null;
  firstEvent: string | null;
  lastEvent: string | null;
  newGroups: number;
  deployCount: number;
  lastDeploy: { environment: string; name: string | null; dateFinished: string | null } | null;
  projects: Array<{ id: number; slug: string; name: string; platform: string | null; newGroups: number }>;
  commitCount: number;
  lastCommit: Commit | null;
  authors: Array<{ name: string | null; email: string | null }>;
}

/** A commit `sentry-cli releases set-commits` sent (Sentry's commit serializer). */
export interface Commit {
  id: string;
  message: string | null;
  dateCreated: string | null;
  author: { name: string | null; email: string | null } | null;
  repository: { name: string } | null;
}

/** `GET /organizations/{org}/sessions/` (Sentry's release-health shape). */
export interface SessionsResponse {
  intervals: string[];
  groups: Array<{ by: Record<string, string | number>; totals: Record<string, number | null>; series: Record<string, Array<number | null>> }>;
}

export interface ArtifactFile {
  id: string;
  filePath: string;
  path: string;
  fileType: string;
  debugId: string | null;
  fileSize: number;
  sha1: string;
}

export interface ArtifactBundle {
  id: string;
  bundleId: string;
  release: string | null;
  dist: string | null;
  fileCount: number;
  size: number;
  date: string;
  debugIds: string[];
  files: ArtifactFile[];
}

/** A file uploaded on its own (sentry-cli 2.x's fallback) or indexed from a bundle (`bundleId` set). */
export interface ReleaseFile {
  id: string;
  name: string;
  dist: string | null;
  headers: Record<string, string>;
  size: number;
  sha1: string;
  dateCreated: string;
  bundleId: string | null;
}

export interface EventSummary {
  id: string;
  eventID: string;
  dateCreated: string;
  release: string | null;
  environment: string | null;
  level: string;
  user: { display: string | null } | null;
  title: string;
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  teams: string[];
  dateCreated: string;
  lastLogin: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  dateCreated: string;
  lastUsed: string | null;
  tokenLastCharacters: string;
  /** A token made with `faultline token create` (no owner, admin rights); listed for admins only. */
  instance?: boolean;
  token?: string;
}

/** A session replay as Sentry's replay API shapes it (snake_case). */
export interface Replay {
  id: string;
  project_id: string;
  error_ids: string[];
  trace_ids: string[];
  environment: string | null;
  user: { id: string | null; username: string | null; email: string | null; ip: string | null; display_name: string | null };
  os: { name: string | null; version: string | null };
  browser: { name: string | null; version: string | null };
  device: { name: string | null; brand: string | null; model: string | null; family: string | null };
  urls: string[];
  started_at: string;
  finished_at: string;
  duration: number;
  count_errors: number;
  count_dead_clicks: number;
  count_rage_clicks: number;
  count_segments: number;
  replay_type: string;
  releases: string[];
}
