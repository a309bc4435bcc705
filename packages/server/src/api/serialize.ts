/** @module Store rows → Sentry's API shapes (field names and types as Sentry's own serializers emit them). */
import { formatDsn, type NormalizedEvent } from '@faultline/protocol';
import { filterOptionsFromJson, scrubOptionsFromJson } from '@faultline/pipeline';
import { safeJson, type EventRow, type IssueRow, type KeyRow, type OrgRow, type ProjectRow, type TeamRow } from '@faultline/store';
import { withSentryStacktraces } from './sentry-frames.ts';

export const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

export function serializeOrg(o: OrgRow) {
  return {
    id: String(o.id),
    slug: o.slug,
    name: o.name,
    dateCreated: iso(o.created_at),
    status: { id: 'active', name: 'active' },
    isEarlyAdopter: false,
    require2FA: false,
    features: [],
    links: { organizationUrl: '', regionUrl: '' },
  };
}

export function serializeTeam(t: TeamRow) {
  return { id: String(t.id), slug: t.slug, name: t.name, dateCreated: iso(t.created_at), isMember: true };
}

export function serializeProject(p: ProjectRow, org: OrgRow, team: TeamRow | undefined) {
  const t = team ? serializeTeam(team) : null;
  return {
    id: String(p.id),
    slug: p.slug,
    name: p.name,
    platform: p.platform,
    dateCreated: iso(p.created_at),
    isMember: true,
    hasAccess: true,
    status: 'active',
    features: [],
    organization: serializeOrg(org),
    team: t,
    teams: t ? [t] : [],
    groupingConfig: p.grouping_config,
    /** Sentry's: the project's fingerprint rules as written ('' for none). */
    fingerprintingRules: p.fingerprinting_rules ?? '',
    ...scrubOptionsFromJson(p.scrub_options),
    ...serializeFilterFields(p.filter_options),
    /** Faultline's own: days this project's error events are kept; null = the server's `--retention-days`. */
    retentionDays: p.retention_days === null || p.retention_days === undefined ? null : Number(p.retention_days),
    /** Faultline's own: bytes of stored data this project may hold (retention deletes its oldest beyond); null = no budget of its own. */
    maxDiskBytes: p.max_disk_bytes === null || p.max_disk_bytes === undefined ? null : Number(p.max_disk_bytes),
    /** Faultline's own: the share of traces digest keeps (0–1); null keeps all. */
    tracesSampleRate: p.traces_sample_rate === null || p.traces_sample_rate === undefined ? null : Number(p.traces_sample_rate),
  };
}

/** The filter fields a project's details show, in Sentry's names. */
export function serializeFilterFields(filterOptionsJson: string | null | undefined) {
  const f = filterOptionsFromJson(filterOptionsJson);
  return { allowedDomains: f.allowedDomains, options: { 'filters:error_messages': f.errorMessages.join('\n'), 'filters:releases': f.releases.join('\n') } };
}

export function dsnOf(publicUrl: string, key: KeyRow): string {
  const u = new URL(publicUrl);
  return formatDsn({
    protocol: u.protocol === 'https:' ? 'https' : 'http',
    publicKey: key.public_key,
    host: u.hostname,
    port: u.port ? Number(u.port) : undefined,
    path: u.pathname.replace(/^\/+|\/+$/g, ''),
    projectId: key.project_id,
  });
}

export function serializeKey(k: KeyRow, publicUrl: string) {
  const dsn = dsnOf(publicUrl, k);
  const base = publicUrl.replace(/\/+$/, '');
  return {
    id: k.public_key,
    name: k.label,
    label: k.label,
    public: k.public_key,
    secret: k.secret_key,
    projectId: k.project_id,
    isActive: k.is_active === 1,
    dateCreated: iso(k.created_at),
    rateLimit: k.rate_limit_count !== null && k.rate_limit_window !== null ? { count: k.rate_limit_count, window: k.rate_limit_window } : null,
    dsn: {
      public: dsn,
      secret: dsn.replace(`${k.public_key}@`, `${k.public_key}:${k.secret_key}@`),
      csp: `${base}/api/${k.project_id}/security/?sentry_key=${k.public_key}`,
      security: `${base}/api/${k.project_id}/security/?sentry_key=${k.public_key}`,
      minidump: `${base}/api/${k.project_id}/minidump/?sentry_key=${k.public_key}`,
      unreal: '',
      cdn: '',
    },
    browserSdkVersion: '11.x',
  };
}

export function shortIdOf(project: ProjectRow, issue: IssueRow): string {
  return `${project.slug.toUpperCase()}-${Number(issue.short_id).toString(36).toUpperCase()}`;
}

export function serializeIssue(i: IssueRow, project: ProjectRow, publicUrl: string, stats?: Array<[number, number]>) {
  return {
    id: String(i.id),
    shortId: shortIdOf(project, i),
    title: i.title,
    culprit: i.culprit,
    permalink: `${publicUrl}/issues/${i.id}/`,
    logger: null,
    level: i.level,
    status: i.status,
    substatus: i.substatus,
    statusDetails: publicStatusDetails(i.status_details),
    isPublic: false,
    platform: i.platform,
    project: { id: String(project.id), name: project.name, slug: project.slug, platform: project.platform },
    type: i.type,
    issueType: i.type === 'error' ? 'error' : 'default',
    issueCategory: 'error',
    metadata: safeJson(i.metadata),
    numComments: 0,
    assignedTo: null,
    isBookmarked: false,
    isSubscribed: false,
    hasSeen: false,
    annotations: [],
    count: String(i.times_seen),
    userCount: Number(i.user_count),
    firstSeen: iso(i.first_seen),
    lastSeen: iso(i.last_seen),
    firstRelease: i.first_release ? { version: i.first_release } : null,
    lastRelease: i.last_release ? { version: i.last_release } : null,
    stats: stats ? { '24h': stats } : undefined,
  };
}

function publicStatusDetails(raw: string): Record<string, unknown> {
  const d = safeJson(raw);
  delete d.ignoreCountBase;
  return d;
}

/** Sentry's event detail shape: the event body split into typed `entries` plus summary fields. */
export function serializeEvent(row: EventRow, event: NormalizedEvent, extra: { previousEventID?: string | null; nextEventID?: string | null } = {}) {
  const entries: Array<{ type: string; data: unknown }> = [];
  if (event.exception?.values?.length) {
    entries.push({
      type: 'exception',
      data: { values: event.exception.values.map(withSentryStacktraces), hasSystemFrames: event.exception.values.some((v) => v.stacktrace?.frames?.some((f) => f.in_app === false)), excOmitted: null },
    });
  }
  if (event.threads?.values?.length) entries.push({ type: 'threads', data: { ...event.threads, values: event.threads.values.map(withSentryStacktraces) } });
  const message = messageOf(event);
  if (message) entries.push({ type: 'message', data: { formatted: message, message: event.logentry?.message ?? message, params: event.logentry?.params } });
  if (event.breadcrumbs?.values?.length) entries.push({ type: 'breadcrumbs', data: { values: event.breadcrumbs.values } });
  if (event.request) entries.push({ type: 'request', data: event.request });
  return {
    id: row.event_id,
    eventID: row.event_id,
    groupID: row.issue_id === null ? null : String(row.issue_id),
    projectID: String(row.project_id),
    title: row.title,
    message,
    culprit: row.culprit,
    location: locationOf(event),
    type: row.type,
    platform: event.platform,
    dateCreated: iso(row.timestamp),
    dateReceived: iso(row.received),
    size: row.size,
    level: event.level,
    logger: event.logger ?? null,
    release: event.release ? { version: event.release } : null,
    dist: event.dist ?? null,
    environment: event.environment ?? null,
    transaction: event.transaction ?? null,
    tags: event.tags.map(([key, value]) => ({ key, value })),
    user: event.user ?? null,
    contexts: event.contexts,
    sdk: event.sdk ?? null,
    entries,
    errors: event.errors,
    fingerprints: (event.hashes as string[] | undefined) ?? [],
    metadata: (event.metadata as Record<string, unknown> | undefined) ?? {},
    extra: event.extra ?? {},
    context: event.extra ?? {},
    modules: event.modules ?? {},
    debugMeta: event.debug_meta ?? null,
    fingerprint: event.fingerprint ?? null,
    previousEventID: extra.previousEventID ?? null,
    nextEventID: extra.nextEventID ?? null,
  };
}

/**
 * Sentry's list shape for events (`SimpleEventSerializer`: what `…/projects/{org}/{project}/events/`, an issue's
 * events and `sentry-cli events list` read): the event's message, location, metadata, user and all its tags, plus the
 * columns the UI's lists show (received time, level, release, environment, a user to display).
 */
export function serializeEventSummary(row: EventRow, event: NormalizedEvent) {
  return {
    id: row.event_id,
    'event.type': row.type,
    eventID: row.event_id,
    groupID: row.issue_id === null ? null : String(row.issue_id),
    projectID: String(row.project_id),
    message: messageOf(event),
    title: row.title,
    location: locationOf(event),
    culprit: row.culprit,
    user: event.user ? { ...sentryUser(event.user), display: row.user_key } : null,
    tags: event.tags.map(([key, value]) => ({ key, value })),
    platform: row.platform,
    dateCreated: iso(row.timestamp),
    crashFile: null,
    metadata: (event.metadata as Record<string, unknown> | undefined) ?? {},
    dateReceived: iso(row.received),
    level: row.level,
    release: row.release,
    environment: row.environment,
  };
}

function messageOf(event: NormalizedEvent): string {
  return event.logentry?.formatted ?? event.logentry?.message ?? '';
}

/** Sentry's `location`: the file of the frame an error is about (its metadata's `filename`), else none. */
function locationOf(event: NormalizedEvent): string | null {
  const filename = (event.metadata as Record<string, unknown> | undefined)?.filename;
  return typeof filename === 'string' ? filename : null;
}

/** Sentry's event user fields, each present (null when the SDK did not send it). */
function sentryUser(u: NonNullable<NormalizedEvent['user']>) {
  const field = (k: string) => (typeof u[k] === 'string' || typeof u[k] === 'number' ? String(u[k]) : null);
  return { id: field('id'), email: field('email'), username: field('username'), ip_address: field('ip_address'), name: field('name'), data: (u.data as Record<string, unknown> | undefined) ?? null };
}
