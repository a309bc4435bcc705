/**
 * @module Ready-to-paste SDK setup for a project's DSN: the unmodified Sentry SDKs, pointed at Faultline.
 * Next.js follows the layout Sentry's wizard writes (client with session replay, server, edge, and
 * `instrumentation.ts` with `onRequestError`), as the Ghost-Greeter dashboard uses it. Other languages get their
 * SDK's minimal init, and `curl` a hand-made envelope, for scripts and for checking the DSN from a shell.
 */

export interface SnippetFile {
  name: string;
  note?: string;
  code: string;
}

export interface Snippet {
  id: 'node' | 'browser' | 'nextjs' | 'python' | 'go' | 'java' | 'dotnet' | 'php' | 'ruby' | 'curl';
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
      files: nextjsFiles(d, opts),
    },
    ...otherLanguages(dsn, opts.publicUrl),
  ];
}

/**
 * @sentry/nextjs 11 on Next.js 15.3 or newer, as its wizard lays it out. `examples/dashboard` is these files with
 * the DSN, URL, org and project read from the environment (e2e/examples/nextjs-snippet.test.ts keeps them equal),
 * and e2e/examples/nextjs-dashboard.test.ts builds and runs it.
 */
function nextjsFiles(d: string, opts: { publicUrl: string; org: string; project: string }): SnippetFile[] {
  return [
    {
      name: 'instrumentation-client.ts',
      note: 'Browser. On Next.js 15.2 or older name it sentry.client.config.ts.',
      code: `import * as Sentry from '@sentry/nextjs';

Sentry.init({
  dsn: ${d},
  environment: process.env.NODE_ENV,
  // Every page load and navigation traced; lower it (0.1) on a busy site.
  tracesSampleRate: 1.0,
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
  environment: process.env.NODE_ENV,
  tracesSampleRate: 1.0,
});
`,
    },
    {
      name: 'sentry.edge.config.ts',
      note: 'Middleware and edge routes.',
      code: `import * as Sentry from '@sentry/nextjs';

Sentry.init({
  dsn: ${d},
  environment: process.env.NODE_ENV,
  tracesSampleRate: 1.0,
});
`,
    },
    {
      name: 'instrumentation.ts',
      note: 'Loads the right config per runtime; onRequestError reports errors thrown while rendering, in route handlers and in middleware.',
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
      note: 'Uploads source maps to Faultline at build time, then deletes them from the build (needs SENTRY_AUTH_TOKEN, a Faultline API token with project:releases).',
      code: `import type { NextConfig } from 'next';
import { withSentryConfig } from '@sentry/nextjs/config';

const nextConfig: NextConfig = {};

export default withSentryConfig(nextConfig, {
  sentryUrl: ${JSON.stringify(opts.publicUrl + '/')},
  org: ${JSON.stringify(opts.org)},
  project: ${JSON.stringify(opts.project)},
  silent: !process.env.CI,
  // Visitors never get the maps: they are uploaded, then removed from .next/.
  sourcemaps: { deleteSourcemapsAfterUpload: true },
  bundleSizeOptimizations: { excludeDebugStatements: true },
});
`,
    },
  ];
}

function otherLanguages(dsn: string, publicUrl: string): Snippet[] {
  const d = JSON.stringify(dsn);
  const single = `'${dsn}'`;
  const u = new URL(dsn);
  const projectId = u.pathname.replace(/^\/+/, '');
  const envelopeUrl = `${publicUrl}/api/${projectId}/envelope/?sentry_key=${u.username}&sentry_version=7`;
  return [
    {
      id: 'python',
      label: 'Python',
      install: 'pip install sentry-sdk',
      files: [
        {
          name: 'app.py',
          note: 'As early as possible in your program; Django, Flask and FastAPI are picked up on their own.',
          code: `import os
import sentry_sdk

sentry_sdk.init(
    dsn=${d},
    environment=os.environ.get("ENVIRONMENT", "production"),
    release=os.environ.get("RELEASE"),
    traces_sample_rate=0.1,
)
`,
        },
      ],
    },
    {
      id: 'go',
      label: 'Go',
      install: 'go get github.com/getsentry/sentry-go',
      files: [
        {
          name: 'main.go',
          note: 'Flush before the program exits, or the last events are lost.',
          code: `import (
	"log"
	"time"

	"github.com/getsentry/sentry-go"
)

func main() {
	if err := sentry.Init(sentry.ClientOptions{
		Dsn:              ${d},
		AttachStacktrace: true,
		TracesSampleRate: 0.1,
	}); err != nil {
		log.Fatalf("sentry.Init: %s", err)
	}
	defer sentry.Flush(2 * time.Second)
	// sentry.CaptureException(err)
}
`,
        },
      ],
    },
    {
      id: 'java',
      label: 'Java',
      install: 'Gradle: implementation "io.sentry:sentry:8.+"  (Spring Boot: io.sentry:sentry-spring-boot-starter-jakarta)',
      files: [
        {
          name: 'Main.java',
          code: `import io.sentry.Sentry;

public class Main {
  public static void main(String[] args) {
    Sentry.init(options -> {
      options.setDsn(${d});
      options.setTracesSampleRate(0.1);
    });
    // Sentry.captureException(e);
  }
}
`,
        },
      ],
    },
    {
      id: 'dotnet',
      label: '.NET',
      install: 'dotnet add package Sentry   (ASP.NET Core: Sentry.AspNetCore)',
      files: [
        {
          name: 'Program.cs',
          note: 'ASP.NET Core: builder.WebHost.UseSentry(o => o.Dsn = "…") instead.',
          code: `using Sentry;

using (SentrySdk.Init(o =>
{
    o.Dsn = ${d};
    o.TracesSampleRate = 0.1;
}))
{
    // SentrySdk.CaptureException(ex);
}
`,
        },
      ],
    },
    {
      id: 'php',
      label: 'PHP',
      install: 'composer require sentry/sentry   (Laravel: sentry/sentry-laravel, Symfony: sentry/sentry-symfony)',
      files: [
        {
          name: 'bootstrap.php',
          code: `<?php
\\Sentry\\init([
    'dsn' => ${single},
    'traces_sample_rate' => 0.1,
]);
`,
        },
      ],
    },
    {
      id: 'ruby',
      label: 'Ruby',
      install: 'bundle add sentry-ruby   (Rails: also sentry-rails)',
      files: [
        {
          name: 'config/initializers/sentry.rb',
          code: `Sentry.init do |config|
  config.dsn = ${single}
  config.traces_sample_rate = 0.1
end
`,
        },
      ],
    },
    {
      id: 'curl',
      label: 'curl',
      install: 'No SDK: an envelope by hand, to check the DSN or to report from a shell script.',
      files: [
        {
          name: 'send-event.sh',
          code: `printf '%s\\n' '{}' '{"type":"event"}' '{"message":"hello from curl","level":"error","platform":"other"}' |
  curl -fsS '${envelopeUrl}' \\
    -H 'content-type: application/x-sentry-envelope' --data-binary @-
`,
        },
      ],
    },
  ];
}
