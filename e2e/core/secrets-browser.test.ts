/**
 * Nothing unscrubbed is stored, from the browser (issue 8, finding 8): the real @sentry/browser in Chromium, with
 * tracing on, sends an error, breadcrumbs, the page request, contexts, extra, a transaction and spans carrying every
 * kind of secret a browser SDK can send. The test first checks that each marker really left the browser (in the
 * request bodies Chromium sent), then that no table cell — and on SQLite no byte of the database file or the blob
 * store — holds it. The user email set on purpose is kept. On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, type StaticSite } from '../sourcemaps/helpers/browser.ts';
import { serveBundledPage } from '../helpers/bundled-page.ts';
import { KEPT_USER_EMAIL, SECRETS } from '../helpers/secret-markers.ts';
import { storedText, whereStored, type StoredText } from '../helpers/stored-text.ts';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';

/** What a browser SDK sends (no request headers of its own, so no bearer or cookie; no server-side span data). */
const BROWSER_KINDS = ['emailInMessage', 'emailInUrl', 'freeTextToken', 'transactionToken', 'basicAuth', 'card', 'jwt', 'oauthCode', 'stripeKey', 'githubToken', 'awsSecret', 'password', 'spanToken', 'spanCode'] as const;

function startSite(dsn: string): Promise<StaticSite> {
  return serveBundledPage(
    fileURLToPath(new URL('../helpers/secrets-site/app.js', import.meta.url)),
    `<!doctype html><html lang="en"><head><title>Checkout</title></head><body><button id="go">Pay</button>
<script>window.FAULTLINE_DSN=${JSON.stringify(dsn)};window.SECRETS=${JSON.stringify(SECRETS)};window.KEPT_USER_EMAIL=${JSON.stringify(KEPT_USER_EMAIL)};</script>
<script src="/dist/app.js"></script></body></html>`,
  );
}

for (const dialect of DIALECTS) {
  describe(`secrets sent by @sentry/browser are stored nowhere (${dialect})`, () => {
    let t: TestServer;
    let site: StaticSite;
    let browser: Browser;
    let sent = '';
    let stored: StoredText;

    before(async () => {
      t = await startTestServer(dialect);
      site = await startSite(t.dsn);
      browser = await launchChromium();
      const page = await browser.newPage();
      page.on('request', (r) => {
        if (r.url().startsWith(t.url)) sent += `${r.postData() ?? ''}\n`;
      });
      await page.goto(`${site.url}/?jwt=${SECRETS.jwt}&code=${SECRETS.oauthCode}`);
      await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
      await page.click('#go');
      await page.waitForFunction(() => (window as unknown as { sent?: boolean }).sent === true);
      // The pageload transaction ends on its own after the idle timeout; ending the page sends what is left.
      await page.close({ runBeforeUnload: true });
      await waitFor(async () => {
        await waitForDigest(t);
        const issues = await t.api<unknown[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=`);
        return issues.body.length >= 1 || undefined;
      }, 'the error as an issue');
      await waitForDigest(t);
      stored = await storedText(t);
    });
    after(async () => {
      await browser?.close();
      await site?.close();
      await t?.close();
    });

    it('stores the error and keeps the user context set on purpose', () => {
      assert.ok(whereStored(stored, 'charge failed for').length > 0, 'the error is in the store');
      assert.ok(whereStored(stored, KEPT_USER_EMAIL).length > 0, 'the user email set with setUser is kept');
      assert.ok(whereStored(stored, 'ordinary words stay').length > 0, 'ordinary text is not scrubbed');
    });

    for (const kind of BROWSER_KINDS) {
      it(`stores no ${kind} the browser sent`, () => {
        const secret = SECRETS[kind];
        // Some SDK fields carry the URL-encoded form; either way the marker left the browser.
        assert.ok(sent.includes(secret) || sent.includes(encodeURIComponent(secret)), `the browser never sent the ${kind} marker`);
        assert.deepEqual(whereStored(stored, secret), [], `${secret} is stored`);
      });
    }
  });
}
