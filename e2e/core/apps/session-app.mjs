// One process-style session with the real @sentry/node (its ProcessSession integration starts a session at init
// and ends it on exit). MODE: healthy (exits cleanly), errored (one handled error, then exits cleanly),
// crashed (an uncaught exception ends the process). USER becomes the session's distinct id.
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.DSN, release: process.env.RELEASE ?? 'health@1.0.0', environment: 'production', tracesSampleRate: 0 });
Sentry.setUser({ id: process.env.USER_ID });

const mode = process.env.MODE ?? 'healthy';
if (mode === 'errored') {
  Sentry.captureException(new Error('handled while running'));
  await Sentry.flush(5000);
}
if (mode === 'crashed') {
  setTimeout(() => {
    throw new Error('nobody caught this');
  }, 10);
}
