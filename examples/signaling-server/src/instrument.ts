/**
 * @module Sentry for the signaling server, reporting to Faultline. Imported first by server.ts, so that the SDK
 * is ready before anything else can throw.
 *
 * SENTRY_DSN          the project's DSN (the project's page in Faultline shows it); unset = reporting off
 * SENTRY_OFFLINE_DIR  where envelopes wait while Faultline is unreachable (default ./.sentry-offline); keep it
 *                     on a persistent volume
 * SENTRY_OFFLINE_RETRY_SECONDS  how often waiting envelopes are retried (default 30)
 * SENTRY_RELEASE, SENTRY_ENVIRONMENT  as usual
 */
import * as Sentry from '@sentry/node';
import { makeDurableTransport } from './durable-transport.ts';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: process.env.SENTRY_RELEASE ?? 'signaling@1.4.2',
  environment: process.env.SENTRY_ENVIRONMENT ?? 'production',
  transport: makeDurableTransport({
    dir: process.env.SENTRY_OFFLINE_DIR ?? '.sentry-offline',
    retrySeconds: Number(process.env.SENTRY_OFFLINE_RETRY_SECONDS ?? 30),
  }),
  // Errors only; the dashboard's traces come from @sentry/nextjs.
  tracesSampleRate: 0,
  // How long an uncaught exception may wait for the queue before the process exits. With the journal, the
  // envelope is already on disk by then; this only decides whether it leaves now or after the restart.
  shutdownTimeout: 2000,
  integrations: [
    // What the SDK does by default, spelled out because the server depends on it: an uncaught exception is
    // logged, reported (level fatal) and ends the process (exit 1) for the supervisor to restart; an unhandled
    // rejection is logged and reported, and the server keeps running.
    Sentry.onUncaughtExceptionIntegration({ exitEvenIfOtherHandlersAreRegistered: true }),
    Sentry.onUnhandledRejectionIntegration({ mode: 'warn' }),
  ],
});

// Without a DSN the SDK stays silent and installs neither handler, and Node's default for an unhandled rejection
// is to end the process. Keep the server's policy the same either way: log it and run on. (An uncaught exception
// ends the process in both cases, as Node does by default.)
if (!process.env.SENTRY_DSN) process.on('unhandledRejection', (reason) => console.error(reason));
