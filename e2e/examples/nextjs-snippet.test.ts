/**
 * The project page's Next.js snippet is what examples/dashboard builds: each of the example's Sentry files is the
 * snippet's text with the DSN, Faultline URL, org and project read from the environment. So the snippet is proven
 * by nextjs-dashboard.test.ts's build, and a change to either side fails here until the other follows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_DIR, dashboardSentryFiles } from './helpers/dashboard-sentry-files.ts';

describe('Next.js snippet = examples/dashboard', () => {
  it('has every snippet file in the example, byte for byte', () => {
    const files = dashboardSentryFiles();
    assert.deepEqual(
      files.map((f) => f.name),
      ['instrumentation-client.ts', 'sentry.server.config.ts', 'sentry.edge.config.ts', 'instrumentation.ts', 'next.config.ts'],
    );
    for (const f of files) assert.equal(readFileSync(join(DASHBOARD_DIR, f.name), 'utf8'), f.code, f.name);
  });

  it('is written for @sentry/nextjs 11', () => {
    const code = (name: string) => dashboardSentryFiles().find((f) => f.name === name)!.code;
    assert.match(code('next.config.ts'), /import \{ withSentryConfig \} from '@sentry\/nextjs\/config';/);
    assert.match(code('next.config.ts'), /bundleSizeOptimizations: \{ excludeDebugStatements: true \}/);
    assert.doesNotMatch(code('next.config.ts'), /disableLogger|hideSourceMaps/);
    assert.match(code('instrumentation.ts'), /export const onRequestError = Sentry\.captureRequestError;/);
    assert.match(code('instrumentation-client.ts'), /dsn: process\.env\.NEXT_PUBLIC_SENTRY_DSN,/);
    assert.match(JSON.parse(readFileSync(join(DASHBOARD_DIR, 'package.json'), 'utf8')).dependencies['@sentry/nextjs'], /^11\./);
  });
});
