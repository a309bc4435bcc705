/**
 * @module A customer's page recorded by the real @sentry/browser replayIntegration (`maskAllText`, `blockAllMedia`),
 * bundled with esbuild and served on a loopback port, and the user story the tests drive in Chromium: click, type
 * into an input, navigate (pushState), then throw. The page's text, the typed value and the image's markup carry
 * words (SECRETS) that must never reach Faultline's storage. `#save` does nothing when clicked (a dead button).
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { StaticSite } from '../sourcemaps/helpers/browser.ts';
import { serveBundledPage } from './bundled-page.ts';

/** Words that only the unmasked page holds: its text, the image's SVG markup and what the user types. */
export const SECRETS = { text: 'Zanzibar Periwinkle', later: 'Marigold Quokka', image: 'Lanternfish', typed: 'typed-secret-7741' };

const IMAGE = `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><text y="20">${SECRETS.image}</text></svg>`)}`;

export function startReplaySite(dsn: string): Promise<StaticSite> {
  return serveBundledPage(
    fileURLToPath(new URL('./replay-site/app.js', import.meta.url)),
    `<!doctype html><html lang="en"><head><title>Greeter</title></head><body>
<h1>Welcome, ${SECRETS.text}</h1><p id="view">Your queue has three callers.</p>
<img id="avatar" alt="" src="${IMAGE}">
<label>Note <input id="note" type="text"></label>
<button id="open-call">Open call</button><button id="crash">Greet</button><button id="save">Save</button>
<script>window.FAULTLINE_DSN=${JSON.stringify(dsn)};</script><script src="/dist/app.js"></script></body></html>`,
  );
}

/**
 * Opens the page in `mode`, clicks, types, navigates and throws; resolves once the error's envelope was answered
 * (the replay segments follow on their own; the caller polls the API for them) with the still-open page and how
 * many replay envelopes the page had sent before the error.
 */
export async function recordSession(
  browser: Browser,
  site: StaticSite,
  ingestOrigin: string,
  mode: 'session' | 'buffer',
): Promise<{ page: Page; replaySentBeforeError: number }> {
  const page = await browser.newPage();
  let replaySent = 0;
  page.on('request', (r) => {
    if (r.url().startsWith(ingestOrigin) && r.postData()?.includes('"replay_event"')) replaySent++;
  });
  await page.goto(`${site.url}/?mode=${mode}`);
  await page.waitForFunction(() => (window as unknown as { replayReady?: boolean }).replayReady === true);
  await page.click('#note');
  await page.keyboard.type(SECRETS.typed);
  await page.click('#open-call');
  await page.waitForURL(/\/calls\/42$/);
  const replaySentBeforeError = replaySent;
  const errorSent = page.waitForResponse((r) => r.url().startsWith(ingestOrigin) && r.request().postData()?.includes('Greeter crashed') === true);
  await page.click('#crash');
  await errorSent;
  return { page, replaySentBeforeError };
}

/** Stops the page's recording (the SDK flushes what it still holds first) and closes the page. */
export async function stopReplay(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const replay = (window as unknown as { Sentry: { getReplay(): { flush(): Promise<void>; stop(): Promise<void> } } }).Sentry.getReplay();
    await replay.flush();
    await replay.stop();
  });
  await page.close();
}
