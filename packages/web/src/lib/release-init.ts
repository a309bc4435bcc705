/**
 * @module `releaseInit`: how a project's SDK names a release (the init option, in that SDK's language) and whether
 * and how it sends the sessions release health counts. The release page shows it while a release has no sessions.
 */
import type { Snippet } from './sdk-snippets.ts';

export interface ReleaseInit {
  title: string;
  code: string;
  /** What the SDK does about sessions: on by default, an option to turn on, or none at all. */
  sessions: string;
}

export function releaseInit(sdk: Snippet['id'], version: string): ReleaseInit {
  const d = JSON.stringify(version);
  const s = `'${version.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  switch (sdk) {
    case 'python':
      return {
        title: 'sentry_sdk.init',
        code: `sentry_sdk.init(\n    dsn="…",\n    release=${d},\n)`,
        sessions: 'The Python SDK sends sessions by default (auto_session_tracking), one per request in web frameworks.',
      };
    case 'go':
      return {
        title: 'sentry.Init',
        code: `sentry.Init(sentry.ClientOptions{\n\tDsn:     "…",\n\tRelease: ${d},\n})`,
        sessions: 'sentry-go sends no sessions, so release health stays empty; issues, commits and deploys still name the release.',
      };
    case 'java':
      return {
        title: 'Sentry.init',
        code: `Sentry.init(options -> {\n  options.setDsn("…");\n  options.setRelease(${d});\n});`,
        sessions: 'The Android SDK sends sessions by default; a server-side Java app sends none.',
      };
    case 'dotnet':
      return {
        title: 'SentrySdk.Init',
        code: `SentrySdk.Init(o =>\n{\n    o.Dsn = "…";\n    o.Release = ${d};\n    o.AutoSessionTracking = true;\n});`,
        sessions: '.NET sends sessions once AutoSessionTracking is on (the default in mobile and desktop apps only).',
      };
    case 'php':
      return {
        title: '\\Sentry\\init',
        code: `\\Sentry\\init([\n    'dsn' => '…',\n    'release' => ${s},\n]);`,
        sessions: 'The PHP SDK sends no sessions, so release health stays empty; issues, commits and deploys still name the release.',
      };
    case 'ruby':
      return {
        title: 'Sentry.init',
        code: `Sentry.init do |config|\n  config.dsn = '…'\n  config.release = ${s}\nend`,
        sessions: 'sentry-ruby sends sessions by default (auto_session_tracking), aggregated per request under Rack.',
      };
    case 'curl':
      return {
        title: 'event',
        code: `{"message": "…", "release": ${d}}`,
        sessions: 'Sessions are envelope items of type "session" with this release in attrs.release.',
      };
    default:
      return {
        title: 'Sentry.init',
        code: `Sentry.init({\n  dsn: '…',\n  release: ${d},\n});`,
        sessions:
          'The Sentry SDKs send sessions by default: the processSession integration in Node, browserSession in browsers (older SDKs: the autoSessionTracking option). If none arrive, check that the default integrations are kept.',
      };
  }
}
