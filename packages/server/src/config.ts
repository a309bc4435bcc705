/**
 * @module One typed config. Each setting has a default with its reason, a CLI flag and a FAULTLINE_* variable;
 * an unknown flag or FAULTLINE_* variable is an error that names it (a typo must not silently fall back).
 */
import { OutboundPolicy, OutboundPolicyError } from './notifiers/outbound-policy.ts';

/** What a node does: everything, or one part of it (ingest routes, digest and the periodic jobs, or the API/UI). */
export const ROLES = ['all', 'ingest', 'digest', 'web'] as const;
export type Role = (typeof ROLES)[number];

export interface Config {
  /** `all` (default) or one part: `ingest` (ingest routes + health), `digest` (digest + periodic jobs), `web` (API/UI). */
  role: Role;
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Public URL used in DSNs and links; derived from host/port when unset. */
  publicUrl: string | undefined;
  maxEnvelopeBytes: number;
  maxQueueDepth: number;
  digestBatchSize: number;
  /** Run the digest worker in this process (false: ingest-only node). */
  digest: boolean;
  /** `faultline start` runs digest on a thread of its own (false: on the event loop that serves HTTP). */
  digestThread: boolean;
  /** Days an error event is kept (an issue's first and latest event stay while the issue exists). */
  retentionDays: number;
  /** Days raw items (transactions, spans, logs, attachments, check-ins … as received) are kept. */
  rawRetentionDays: number;
  /** Days session replays (their summary, segments and error links) are kept after their last segment. */
  replayRetentionDays: number;
  /** Bytes the store may hold before retention deletes the oldest data of the largest projects; 0 = no budget. */
  maxDiskBytes: number;
  /** Free bytes the data dir keeps: below, ingest answers 503 and /readyz says "disk"; 0 = off. */
  minFreeDiskBytes: number;
  /** Minutes between retention runs; 0 = never delete. */
  retentionIntervalMinutes: number;
  trustProxy: boolean;
  metricsToken: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Serve the built web UI from this folder (default: packages/web/dist). */
  webDist: string | undefined;
  queueWindowMs: number;
  spikeProtectionPerMinute: number;
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS from the start); unset: no email. */
  smtpUrl: string | undefined;
  /** From address of alert emails; default faultline@ the public URL's host. */
  emailFrom: string | undefined;
  alertHourlyCap: number;
  alertRetryBaseMs: number;
  /** Internal receivers alert notifications may reach: CIDRs, addresses, host names (`*.corp` for subdomains). */
  alertAllowHosts: string | undefined;
}

interface Setting {
  key: keyof Config;
  flag: string;
  env: string;
  type: 'string' | 'int' | 'bool';
  default: Config[keyof Config];
  why: string;
}

/** The defaults table (also rendered into docs/operations.md). */
export const SETTINGS: Setting[] = [
  { key: 'role', flag: 'role', env: 'FAULTLINE_ROLE', type: 'string', default: 'all', why: 'one process does everything; on PostgreSQL a node may do one part: ingest (the ingest routes and health), digest (digest and the periodic jobs; health only) or web (the API and UI)' },
  { key: 'host', flag: 'host', env: 'FAULTLINE_HOST', type: 'string', default: '127.0.0.1', why: 'loopback until you choose to expose it' },
  { key: 'port', flag: 'port', env: 'FAULTLINE_PORT', type: 'int', default: 8000, why: 'the port self-hosted Sentry uses, so DSN habits carry over' },
  { key: 'dataDir', flag: 'data-dir', env: 'FAULTLINE_DATA_DIR', type: 'string', default: './data', why: 'SQLite store, queue and uploaded files live together, easy to back up' },
  { key: 'databaseUrl', flag: 'database-url', env: 'FAULTLINE_DATABASE_URL', type: 'string', default: undefined, why: 'unset = embedded SQLite; postgres://… to scale out on PostgreSQL' },
  { key: 'publicUrl', flag: 'public-url', env: 'FAULTLINE_PUBLIC_URL', type: 'string', default: undefined, why: 'what SDKs and browsers reach; defaults to http://host:port' },
  { key: 'maxEnvelopeBytes', flag: 'max-envelope-bytes', env: 'FAULTLINE_MAX_ENVELOPE_BYTES', type: 'int', default: 20 * 1024 * 1024, why: 'largest (decompressed) envelope accepted; replays are at most 10 MiB compressed' },
  { key: 'maxQueueDepth', flag: 'max-queue-depth', env: 'FAULTLINE_MAX_QUEUE_DEPTH', type: 'int', default: 100_000, why: 'envelopes waiting for digest before ingest sheds load (about a minute of peak intake)' },
  { key: 'digestBatchSize', flag: 'digest-batch-size', env: 'FAULTLINE_DIGEST_BATCH_SIZE', type: 'int', default: 200, why: 'envelopes per digest transaction: amortizes commits, keeps transactions short' },
  { key: 'digest', flag: 'digest', env: 'FAULTLINE_DIGEST', type: 'bool', default: true, why: 'one process does everything by default' },
  { key: 'digestThread', flag: 'digest-thread', env: 'FAULTLINE_DIGEST_THREAD', type: 'bool', default: true, why: 'digest batches run on a second core and never hold up ingest or the API' },
  { key: 'retentionDays', flag: 'retention-days', env: 'FAULTLINE_RETENTION_DAYS', type: 'int', default: 90, why: "Sentry's default for errors; an issue keeps its first and latest event, and its counts, however old" },
  { key: 'rawRetentionDays', flag: 'raw-retention-days', env: 'FAULTLINE_RAW_RETENTION_DAYS', type: 'int', default: 30, why: 'transactions, spans, logs and attachments kept as received are bulkier and go sooner' },
  { key: 'replayRetentionDays', flag: 'replay-retention-days', env: 'FAULTLINE_REPLAY_RETENTION_DAYS', type: 'int', default: 30, why: "replays are the bulkiest data per item (recordings of whole sessions); Sentry keeps them 90 days on its SaaS, here 30 like raw items, so a small VM's disk is not filled by recordings; a replay goes whole (summary, segments, error links) once its last segment is older" },
  { key: 'maxDiskBytes', flag: 'max-disk-bytes', env: 'FAULTLINE_MAX_DISK_BYTES', type: 'int', default: 0, why: "a disk budget for stored data: above it, each retention run deletes the oldest events, raw items and replays of the largest projects first, in batches, until under it (issues keep their first and latest event and exact counts); SQLite counts pages in use and its file shrinks, PostgreSQL counts the data's stored size (its files keep freed space for reuse); 0 = no budget, only the ages apply" },
  { key: 'minFreeDiskBytes', flag: 'min-free-disk-bytes', env: 'FAULTLINE_MIN_FREE_DISK_BYTES', type: 'int', default: 1024 ** 3, why: 'a full disk corrupts nothing but stalls everything: below this much free space in the data dir (checked once a second), ingest answers 503 + Retry-After (nothing acknowledged, one outcome per item) and /readyz says "disk", until space returns; 0 = off' },
  { key: 'retentionIntervalMinutes', flag: 'retention-interval-minutes', env: 'FAULTLINE_RETENTION_INTERVAL_MINUTES', type: 'int', default: 60, why: 'how often digest nodes delete expired data (and enforce --max-disk-bytes), in small batches, one node at a time; 0 = keep everything' },
  { key: 'trustProxy', flag: 'trust-proxy', env: 'FAULTLINE_TRUST_PROXY', type: 'bool', default: false, why: 'only trust X-Forwarded-For behind your own proxy' },
  { key: 'metricsToken', flag: 'metrics-token', env: 'FAULTLINE_METRICS_TOKEN', type: 'string', default: undefined, why: 'when set, /metrics answers only `Authorization: Bearer <token>` (Prometheus: `authorization: {credentials: …}`); unset = open, which shows queue depths, outcome counts and project ids to anyone who reaches the port' },
  { key: 'logLevel', flag: 'log-level', env: 'FAULTLINE_LOG_LEVEL', type: 'string', default: 'info', why: 'one JSON line per notable thing, not per request' },
  { key: 'adminEmail', flag: 'admin-email', env: 'FAULTLINE_ADMIN_EMAIL', type: 'string', default: undefined, why: 'with the password: create the first admin on start' },
  { key: 'adminPassword', flag: 'admin-password', env: 'FAULTLINE_ADMIN_PASSWORD', type: 'string', default: undefined, why: 'see admin-email' },
  { key: 'webDist', flag: 'web-dist', env: 'FAULTLINE_WEB_DIST', type: 'string', default: undefined, why: 'the built UI shipped in packages/web/dist' },
  { key: 'spikeProtectionPerMinute', flag: 'spike-protection', env: 'FAULTLINE_SPIKE_PROTECTION', type: 'int', default: 0, why: 'errors per project per minute always allowed before spike protection cuts at 10x the last hour\'s average; 0 = off (one machine: backpressure already protects the store)' },
  { key: 'smtpUrl', flag: 'smtp-url', env: 'FAULTLINE_SMTP_URL', type: 'string', default: undefined, why: 'smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; unset = no email alerts (and no default rule for new projects)' },
  { key: 'emailFrom', flag: 'email-from', env: 'FAULTLINE_EMAIL_FROM', type: 'string', default: undefined, why: 'sender of alert emails; unset = faultline@ the public URL\'s host' },
  { key: 'alertHourlyCap', flag: 'alert-hourly-cap', env: 'FAULTLINE_ALERT_HOURLY_CAP', type: 'int', default: 100, why: 'notifications per project per clock hour; more are counted as suppressed, not sent (a bad deploy must not page 5000 times); 0 = no cap' },
  { key: 'alertRetryBaseMs', flag: 'alert-retry-base-ms', env: 'FAULTLINE_ALERT_RETRY_BASE_MS', type: 'int', default: 20_000, why: 'first retry of a failed notification; each next waits 3x longer: 5 attempts over ~13 minutes' },
  { key: 'alertAllowHosts', flag: 'alert-allow-hosts', env: 'FAULTLINE_ALERT_ALLOW_HOSTS', type: 'string', default: undefined, why: 'comma-separated CIDRs, addresses and host names (`*.corp.example` for subdomains) that Slack, PagerDuty and webhook alerts may reach although not public; unset = loopback, private, link-local, metadata and other internal addresses are refused, checked after DNS resolution' },
  { key: 'queueWindowMs', flag: 'queue-window-ms', env: 'FAULTLINE_QUEUE_WINDOW_MS', type: 'int', default: 0, why: 'group-commit window; 0 = appends of the same tick share one commit' },
];

/** FAULTLINE_* variables read elsewhere (tests, tools) that are not server settings. */
const OTHER_ENV = new Set(['FAULTLINE_TEST_PG', 'FAULTLINE_URL']);

export class ConfigError extends Error {}

export function loadConfig(args: string[], env: NodeJS.ProcessEnv = process.env): Config {
  const cfg: Record<string, unknown> = {};
  for (const s of SETTINGS) cfg[s.key] = s.default;
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('FAULTLINE_') || value === undefined) continue;
    const s = SETTINGS.find((x) => x.env === name);
    if (!s) {
      if (OTHER_ENV.has(name)) continue;
      throw new ConfigError(`unknown environment variable ${name} (known: ${SETTINGS.map((x) => x.env).join(', ')})`);
    }
    cfg[s.key] = coerce(s, value, name);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new ConfigError(`unexpected argument "${arg}"`);
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const s = SETTINGS.find((x) => x.flag === flag || (x.type === 'bool' && flag === `no-${x.flag}`));
    if (!s) throw new ConfigError(`unknown option --${flag} (known: ${SETTINGS.map((x) => `--${x.flag}`).join(', ')})`);
    if (s.type === 'bool' && inline === undefined) {
      cfg[s.key] = !flag.startsWith('no-');
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new ConfigError(`option --${flag} needs a value`);
    cfg[s.key] = coerce(s, value, `--${flag}`);
  }
  const c = cfg as unknown as Config;
  if (!['debug', 'info', 'warn', 'error'].includes(c.logLevel)) throw new ConfigError(`log level must be debug, info, warn or error, not "${c.logLevel}"`);
  if (!(ROLES as readonly string[]).includes(c.role)) throw new ConfigError(`role must be ${ROLES.join(', ')}, not "${c.role}"`);
  if (c.role !== 'all' && !c.databaseUrl) throw new ConfigError(`--role ${c.role} needs PostgreSQL (--database-url): on SQLite one process does everything`);
  if (c.role === 'digest' && !c.digest) throw new ConfigError('--role digest with --no-digest would do nothing');
  // Only `all` and `digest` nodes digest (and run the periodic jobs).
  if (c.role === 'ingest' || c.role === 'web') c.digest = false;
  if (c.smtpUrl !== undefined && !/^smtps?:\/\/[^/]/.test(c.smtpUrl)) throw new ConfigError('smtp URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
  try {
    new OutboundPolicy(c.alertAllowHosts);
  } catch (err) {
    if (err instanceof OutboundPolicyError) throw new ConfigError(`alert allow-hosts: ${err.message}`);
    throw err;
  }
  return c;
}

function coerce(s: Setting, value: string, where: string): unknown {
  if (s.type === 'int') {
    if (!/^\d+$/.test(value)) throw new ConfigError(`${where} must be a whole number, got "${value}"`);
    return Number(value);
  }
  if (s.type === 'bool') {
    if (/^(1|true|yes|on)$/i.test(value)) return true;
    if (/^(0|false|no|off)$/i.test(value)) return false;
    throw new ConfigError(`${where} must be true or false, got "${value}"`);
  }
  return value;
}

export function publicUrlOf(c: Config, boundPort?: number): string {
  if (c.publicUrl) return c.publicUrl.replace(/\/+$/, '');
  const host = c.host === '0.0.0.0' || c.host === '::' ? '127.0.0.1' : c.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${boundPort ?? c.port}`;
}
