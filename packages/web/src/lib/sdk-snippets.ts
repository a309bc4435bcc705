/**
 * @module Ready-to-paste SDK setup for a project's DSN: the unmodified Sentry SDKs, pointed at Faultline.
 * Next.js follows the layout Sentry's wizard writes (client with session replay, server, edge, and
 * `instrumentation.ts` with `onRequestError`), as the Ghost-Greeter dashboard uses it.
 */

export interface SnippetFile {
  name: string;
  note?: string;
  code: string;
}

export interface Snippet {
  id: 'node' | 'browser' | 'nextjs';
  label: string;
  install: string;
  files: SnippetFile[];
}

export function sdkSnippets(dsn: string, opts: { publicUrl: string; org: string; project: string }): Snippet[] {
  const d = JSON.stringify(dsn);
  return [
    {
      id: 'node',
      label: 'Node.js',
      install: 'npm install @sentry/node',
      files: [
        {
          name: 'instrument.mjs',
          note: 'Load it before your app: node --import ./instrument.mjs server.mjs',
          code: `import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: ${d},
  environment: process.env.NODE_ENV ?? 'production',
  release: process.env.RELEASE,
  // Uncaught exceptions and unhandled rejections are reported by default.
  tracesSampleRate: 0.1,
});
`,
        },
      ],
    },
    {
      id: 'browser',
      label: 'Browser',
      install: 'npm install @sentry/browser',
      files: [
        {
          name: 'sentry.ts',
          note: 'Import it first thing in your entry point.',
          code: `import * as Sentry from '@sentry/browser';

Sentry.init({
  dsn: ${d},
  release: import.meta.env?.VITE_RELEASE,
  environment: import.meta.env?.MODE,
  integrations: [Sentry.browserTracingIntegration()],
  tracesSampleRate: 0.1,
});
`,
        },
      ],
    },
    {
      id: 'nextjs',
      label: 'Next.js',
      install: 'npm install @sentry/nextjs',
      files: [
        {
          name: 'instrumentation-client.ts',
          note: 'Browser. On Next.js 15.2 or older name it sentry.client.config.ts.',
          code: `import * as Sentry from '@sentry/nextjs';

Sentry.init({
  dsn: ${d},
  tracesSampleRate: 0.1,
  // Session replay: 10% of sessions, every session with an error.
  replaysSessionSampleRate: 0.1,
  replaysOnErrorSampleRate: 1.0,
  integrations: [Sentry.replayIntegration({ maskAllText: true, blockAllMedia: true })],
});

export const onRouterTransitionStart = Sentry.captureRouterTransitionStart;
`,
        },
        {
          name: 'sentry.server.config.ts',
          note: 'Server-side rendering and API routes (Node.js runtime).',
          code: `import * as Sentry from '@sentry/nextjs';

Sentry.init({
  dsn: ${d},
  tracesSampleRate: 0.1,
});
`,
        },
        {
          name: 'sentry.edge.config.ts',
          note: 'Middleware and edge routes.',
          code: `import * as Sentry from '@sentry/nextjs';

Sentry.init({
  dsn: ${d},
  tracesSampleRate: 0.1,
});
`,
        },
        {
          name: 'instrumentation.ts',
          note: 'Loads the right config per runtime; onRequestError reports errors thrown while rendering.',
          code: `import * as Sentry from '@sentry/nextjs';

export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./sentry.server.config');
  if (process.env.NEXT_RUNTIME === 'edge') await import('./sentry.edge.config');
}

export const onRequestError = Sentry.captureRequestError;
`,
        },
        {
          name: 'next.config.ts',
          note: 'Optional: uploads source maps to Faultline at build time (needs SENTRY_AUTH_TOKEN, an API token).',
          code: `import type { NextConfig } from 'next';
import { withSentryConfig } from '@sentry/nextjs';

const nextConfig: NextConfig = {};

export default withSentryConfig(nextConfig, {
  sentryUrl: ${JSON.stringify(opts.publicUrl + '/')},
  org: ${JSON.stringify(opts.org)},
  project: ${JSON.stringify(opts.project)},
  silent: !process.env.CI,
});
`,
        },
      ],
    },
  ];
}
