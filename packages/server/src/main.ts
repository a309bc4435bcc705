/**
 * @module Wires the process: store + queue, digest worker, HTTP server over the routes table, graceful shutdown.
 * `startServer` is what `faultline start` and every end-to-end test call.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ensureDefaults, openBlobStore, openStore, putSetting, PUBLIC_URL_SETTING, type StoreHandle } from '@faultline/store';
import type { App } from './app.ts';
import { publicUrlOf, type Config } from './config.ts';
import { RetentionJob } from './ops/retention-job.ts';
import { rateWindowPruneJob } from './ingest/shared-quotas.ts';
import { loginStatePruneJob } from './auth/shared-login-rate-limit.ts';
import { compileRoutes, matchRoute, type CompiledRoute, type Ctx } from './http/router.ts';
import { answerError, logErrorAnswer } from './http/error-answers.ts';
import { sendError } from './http/respond.ts';
import { splitTarget } from './http/request-target.ts';
import type { Principal } from './auth/principal.ts';
import { createLogger } from './log.ts';
import { routesForRole } from './routes.ts';
import { authenticate } from './auth/authenticate.ts';
import type { DigestHooks } from './worker/digest-hooks.ts';
import { DigestThread } from './worker/digest-thread.ts';
import { createApp } from './app-context.ts';
import { DigestWorker } from './worker/digest-worker.ts';
import { ensureAdminFromConfig } from './auth/bootstrap-admin.ts';

export interface RunningServer {
  app: App;
  url: string;
  server: Server;
  store: StoreHandle;
  close(): Promise<void>;
}

export interface StartOptions {
  /**
   * Digest on a worker thread of its own (what `faultline start` runs) rather than on this event loop (what
   * in-process tests run, and what `extraHooks` needs: hooks cannot cross to another thread).
   */
  digestThread?: boolean;
}

export async function startServer(config: Config, extraHooks?: (hooks: DigestHooks) => void, opts: StartOptions = {}): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, queueWindowMs: config.queueWindowMs });
  const { db } = store;
  if (store.autoVacuum === 'too-large') log.warn('the SQLite store predates incremental vacuum and is too large to rewrite at start-up: freed space is reused but the file does not shrink; stop Faultline and run VACUUM once (docs/operations.md)');
  await ensureDefaults(db);
  await ensureAdminFromConfig(db, config, log);
  const inThread = config.digest && opts.digestThread === true;
  if (inThread && extraHooks) throw new Error('extra digest hooks need digest on the main thread');
  const app = await createApp(config, store, log, config.digest && !inThread);
  const { registry, metrics, hooks } = app;
  extraHooks?.(hooks);
  if (config.digest) {
    // Retention runs on the main thread whichever thread digests: one node at a time holds its lease.
    const deleted = registry.counter('faultline_retention_deleted_total', 'Rows deleted by retention, by kind (event, raw_item, replay, span, transaction_aggregate, artifact_bundle, release_file)');
    app.retention = new RetentionJob(
      db,
      log,
      { retentionDays: config.retentionDays, rawRetentionDays: config.rawRetentionDays, replayRetentionDays: config.replayRetentionDays, maxDiskBytes: config.maxDiskBytes, intervalMs: config.retentionIntervalMinutes * 60_000, blobs: openBlobStore(db, config.dataDir) },
      (kind, n) => deleted({ kind }, n),
    );
    app.background.push(app.retention);
    if (db.dialect === 'postgres') app.background.push(rateWindowPruneJob(db, log), loginStatePruneJob(db, log));
  }
  if (app.runsDigest) {
    app.worker = new DigestWorker(app.queue, { hooks, metrics, projects: app.projects }, log, { batchSize: config.digestBatchSize, adaptive: db.dialect === 'sqlite' });
  }
  registry.gauge('faultline_queue_depth', 'Envelopes waiting for digest', () => app.queue.depth());
  registry.gauge('faultline_digest_lag_seconds', 'Age of the oldest envelope in the batch being digested', () => (app.worker?.lagMs ?? 0) / 1000);
  // Memory, named as prom-client names them: the whole process's RSS, and the main thread's own V8 heap and
  // off-heap buffers; what RSS holds beyond those is the other threads (digest, queue append) and native memory.
  registry.gauge('process_resident_memory_bytes', 'Resident memory of the whole process, every thread', () => process.memoryUsage.rss());
  registry.gauge('nodejs_heap_size_total_bytes', 'V8 heap reserved by the main (HTTP) thread', () => process.memoryUsage().heapTotal);
  registry.gauge('nodejs_heap_size_used_bytes', 'V8 heap in use on the main (HTTP) thread', () => process.memoryUsage().heapUsed);
  registry.gauge('nodejs_external_memory_bytes', 'Off-heap memory (buffers) held by the main (HTTP) thread', () => process.memoryUsage().external);
  // Event-loop delay over fixed 10 s windows (the last complete one is reported), so every scraper sees the same.
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  let eldWindow = { p50: 0, p99: 0, max: 0 };
  const eldTimer = setInterval(() => {
    eldWindow = { p50: eld.percentile(50), p99: eld.percentile(99), max: eld.max };
    eld.reset();
  }, 10_000);
  eldTimer.unref();
  registry.gauge('faultline_event_loop_delay_p50_seconds', 'Event-loop delay, median over the last 10 s window', () => eldWindow.p50 / 1e9);
  registry.gauge('faultline_event_loop_delay_p99_seconds', 'Event-loop delay, 99th percentile over the last 10 s window', () => eldWindow.p99 / 1e9);
  registry.gauge('faultline_event_loop_delay_max_seconds', 'Event-loop delay, maximum over the last 10 s window', () => eldWindow.max / 1e9);

  const routes = compileRoutes(routesForRole(config.role));
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 120_000 }, (req, res) => {
    void dispatch(app, routes, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  app.publicUrl = publicUrlOf(config, port);
  if (inThread) app.worker = new DigestThread({ config, publicUrl: app.publicUrl }, app.queue, registry, log);
  // The CLI runs in another process and cannot know the port: it prints DSNs with the URL recorded here.
  await putSetting(store.db, PUBLIC_URL_SETTING, app.publicUrl);
  app.worker?.start();
  for (const task of app.background) task.start();
  // `compiled`: the JavaScript build `npm start` makes (packages/cli/dist); `typescript`: the sources through tsx.
  log.info('faultline listening', { url: app.publicUrl, role: config.role, store: store.describe, code: import.meta.url.endsWith('.ts') ? 'typescript' : 'compiled' });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, let in-flight requests (and their queue appends) finish, then stop digest.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await app.queue.flush();
      await app.worker?.stop();
      for (const task of app.background) await task.stop();
      await app.outcomes.close();
      await store.close();
      clearInterval(eldTimer);
      eld.disable();
    })());
  return { app, url: app.publicUrl, server, store, close };
}

async function dispatch(app: App, routes: CompiledRoute[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Split by hand when that gives what `new URL` would (every SDK's ingest URL): the URL is then built only if a
  // handler reads `ctx.url`, which ingest does not.
  const target = req.url ?? '/';
  const split = splitTarget(target);
  let url: URL | undefined;
  if (!split) {
    try {
      url = new URL(target, REQUEST_BASE);
    } catch {
      sendError(res, 400, 'malformed request URL');
      return;
    }
  }
  const pathname = split?.pathname ?? url!.pathname;
  const match = matchRoute(routes, req.method ?? 'GET', pathname);
  if (!match) {
    const role = app.config.role;
    sendError(res, 404, `no route for ${req.method} ${pathname}${role === 'all' ? '' : ` on this node (--role ${role})`}`);
    return;
  }
  if ('allowed' in match) {
    sendError(res, 405, `method ${req.method} not allowed; use ${[...new Set(match.allowed)].join(', ')}`, { allow: match.allowed.join(', ') });
    return;
  }
  const ctx = new RequestCtx(req, res, match.params, app, split?.query ?? url!.search.slice(1), url);
  try {
    if (match.route.auth !== 'none') {
      ctx.principal = await authenticate(ctx, match.route);
    }
    await match.route.handler(ctx);
  } catch (err) {
    const answer = answerError(err, 'api');
    logErrorAnswer(app.log, answer, err, 'request', { method: req.method, path: pathname });
    sendError(res, answer.status, answer.detail, answer.headers);
  }
}

const REQUEST_BASE = 'http://local';

/** A request's context; its URL object is built on first use (see `dispatch`). */
class RequestCtx implements Ctx {
  principal?: Principal;
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly params: Record<string, string>,
    readonly app: App,
    readonly query: string,
    private parsedUrl: URL | undefined,
  ) {}

  get url(): URL {
    return (this.parsedUrl ??= new URL(this.req.url ?? '/', REQUEST_BASE));
  }
}
