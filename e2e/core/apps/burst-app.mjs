// Sends COUNT distinct errors one after another with the real @sentry/node, then flushes and exits.
// Used to check that the SDK honours Faultline's rate-limit answers (it stops sending after a 429).
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.DSN, release: 'burst@1.0.0', tracesSampleRate: 0, defaultIntegrations: false });
const count = Number(process.env.COUNT ?? 10);
for (let i = 0; i < count; i++) {
  Sentry.captureException(new Error(`burst error ${i}`));
  // Let each envelope go out and its response come back before the next, so the SDK sees the 429 in time.
  await Sentry.flush(2000);
}
await Sentry.close(2000);
