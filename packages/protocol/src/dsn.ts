/**
 * @module DSN parsing and formatting, matching the JS SDK's own reading (docs/protocol.md §1.1): the public key is `\w+`, the
 * host a name or an `[ipv6]` literal, the last path segment the project id (only its leading digits count) and
 * whatever comes before it a path prefix. Used for the envelope-header `dsn` of tunnelled envelopes and for
 * showing users the DSN to paste.
 */

export interface Dsn {
  protocol: 'http' | 'https';
  publicKey: string;
  /** Deprecated; never sent by the JS SDK, kept so older DSNs still parse. */
  secretKey?: string;
  host: string;
  port?: number;
  /** Path prefix without leading or trailing slash (`sentry` in `https://k@h/sentry/42`); '' when none. */
  path: string;
  /** Decimal digits. */
  projectId: string;
}

// The SDK's DSN_REGEX from core/src/utils/dsn.ts, so whatever the SDK accepts parses here the same way.
const DSN_REGEX = /^(?:(\w+):)\/\/(?:(\w+)(?::(\w+)?)?@)((?:\[[:.%\w]+\]|[\w.-]+))(?::(\d+))?\/(.+)/;

/** Parse a DSN; null when the SDK would reject it (bad shape, scheme not http(s), no numeric project id). */
export function parseDsn(s: string): Dsn | null {
  const match = DSN_REGEX.exec(s.trim());
  if (!match) return null;
  const [, protocol, publicKey, secretKey, host, port, rest] = match;
  if (protocol !== 'http' && protocol !== 'https') return null;

  const segments = rest.split('/');
  const last = segments.pop() ?? '';
  const projectId = /^\d+/.exec(last)?.[0];
  if (projectId === undefined) return null;

  const dsn: Dsn = { protocol, publicKey, host, path: segments.join('/'), projectId };
  if (secretKey) dsn.secretKey = secretKey;
  if (port !== undefined) dsn.port = Number(port);
  return dsn;
}

/** Format a DSN as the SDKs expect it. The secret is never written: no current SDK needs it. */
export function formatDsn(dsn: {
  protocol: 'http' | 'https';
  publicKey: string;
  host: string;
  port?: number;
  path?: string;
  projectId: string | number;
}): string {
  const port = dsn.port === undefined ? '' : `:${dsn.port}`;
  const path = (dsn.path ?? '').replace(/^\/+|\/+$/g, '');
  return `${dsn.protocol}://${dsn.publicKey}@${dsn.host}${port}/${path ? `${path}/` : ''}${dsn.projectId}`;
}
