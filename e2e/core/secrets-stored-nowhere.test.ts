/**
 * Nothing unscrubbed is stored (issue 8, finding 8): the real @sentry/node sends an error, a message with a request,
 * breadcrumbs, contexts, extra, a transaction name, a log item and a span, carrying every kind of secret the privacy
 * review found stored as sent — emails in text and URLs, `token=` in free text and in a transaction name, an
 * `Authorization: Basic` breadcrumb, a card number, `jwt=`/`code=` query parameters, a Stripe live key, a GitHub
 * token, an AWS secret key, a bearer header, a cookie, a password. After digest, no table cell (compressed ones
 * inflated; the ingest queue excepted, by design) holds any of them, and on SQLite neither does any byte of the
 * database file or the blob store. The user's own email, set on purpose, is kept — which also proves the scan
 * reads the stored event. On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { storedText, whereStored, type StoredText } from '../helpers/stored-text.ts';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';

const APP = fileURLToPath(new URL('./apps/secrets-app.mjs', import.meta.url));

const SECRETS = {
  emailInMessage: 'carol.leak@example.net',
  emailInUrl: 'dave.leak@example.org',
  freeTextToken: 'freeTOKENsecret2',
  transactionToken: 'txnTOKENsecret1',
  basicAuth: 'YWxpY2U6aHVudGVyMkxFQUs=',
  card: '4111.1111.1111.1111',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrMTIzIn0.c2lnbmF0dXJlTEVBSw',
  oauthCode: 'oauthCODEsecret3',
  stripeKey: 'sk_live_51HleakSTRIPEsecret4xyzABC',
  githubToken: 'ghp_leakGITHUBsecret5abcdefghijklmnopq',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYLEAKKEY6X',
  bearer: 'reqBEARERsecret7',
  cookie: 'cookieSESSIONsecret9',
  password: 'hunter2-secret8',
  spanToken: 'spanTOKENsecret10',
  spanCode: 'spanCODEsecret11',
};
const KEPT_USER_EMAIL = 'alice.kept@example.com';

function runApp(dsn: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [APP], {
      env: { ...process.env, DSN: dsn, SECRETS: JSON.stringify({ ...SECRETS, keptUserEmail: KEPT_USER_EMAIL }) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

for (const dialect of DIALECTS) {
  describe(`secrets sent by @sentry/node are stored nowhere (${dialect})`, () => {
    let t: TestServer;
    let stored: StoredText;

    before(async () => {
      t = await startTestServer(dialect);
      const { code, stderr } = await runApp(t.dsn);
      assert.equal(code, 0, stderr);
      await waitFor(async () => {
        await waitForDigest(t);
        const issues = await t.api<Array<{ title: string }>>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=`);
        return issues.body.length >= 2 || undefined;
      }, 'the message and the exception as issues');
      // The log item and the span are digested with the same envelopes' batch; wait until the queue is empty.
      await waitForDigest(t);
      stored = await storedText(t);
    });
    after(() => t?.close());

    it('stores the events, the log and the span, and keeps the user context set on purpose', () => {
      assert.ok(whereStored(stored, 'charge failed for').length > 0, 'the message event is in the store');
      assert.ok(whereStored(stored, 'payment provider refused key').length > 0, 'the exception is in the store');
      assert.ok(whereStored(stored, 'for the release').length > 0, 'the log item is in the store');
      assert.ok(whereStored(stored, 'GET /checkout').length > 0, 'the span is in the store');
      assert.ok(whereStored(stored, KEPT_USER_EMAIL).length > 0, 'the user email set with setUser is kept');
      assert.ok(whereStored(stored, 'ordinary words stay').length > 0, 'ordinary text is not scrubbed');
    });

    for (const [kind, secret] of Object.entries(SECRETS)) {
      it(`stores no ${kind}`, () => {
        assert.deepEqual(whereStored(stored, secret), [], `${secret} is stored`);
      });
    }
  });
}
