/** @module Liveness, readiness and Prometheus metrics. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { pingStore } from '@faultline/store';
import type { Ctx } from '../http/router.ts';
import { HttpError, sendJson } from '../http/respond.ts';
import { backpressureThresholds, refusedCategories } from '../ingest/backpressure.ts';

export function healthz(ctx: Ctx): void {
  sendJson(ctx.res, 200, { status: 'ok' });
}

/** Ready when the store answers, digest (when this node runs it) is up, and the queue is below the bound at which ingest refuses errors. */
export async function readyz(ctx: Ctx): Promise<void> {
  const { app } = ctx;
  let storeOk = true;
  let storeError: string | undefined;
  try {
    await pingStore(app.db);
  } catch (err) {
    storeOk = false;
    storeError = (err as Error).message;
  }
  const depth = app.queue.depth();
  const refused = [...refusedCategories(depth, app.config.maxQueueDepth)];
  const digestUp = app.worker?.up ?? true;
  const ready = storeOk && digestUp && depth < app.config.maxQueueDepth;
  sendJson(ctx.res, ready ? 200 : 503, {
    status: ready ? 'ready' : 'not ready',
    store: storeOk ? 'ok' : `unreachable: ${storeError}`,
    queue: { depth, bound: app.config.maxQueueDepth, refusing: refused, thresholds: backpressureThresholds(app.config.maxQueueDepth) },
    digest: { enabled: app.worker !== null, status: digestUp ? 'up' : 'down (restarting)', lagSeconds: (app.worker?.lagMs ?? 0) / 1000 },
  });
}

/** `GET /metrics` — Prometheus text; behind `--metrics-token` when one is set (compared in constant time). */
export function metrics(ctx: Ctx): void {
  const want = ctx.app.config.metricsToken;
  if (want && !bearerMatches(ctx.req.headers.authorization, want)) {
    throw new HttpError(401, 'metrics need Authorization: Bearer <the --metrics-token>', { 'www-authenticate': 'Bearer realm="metrics"' });
  }
  const text = ctx.app.registry.render();
  ctx.res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': Buffer.byteLength(text) });
  ctx.res.end(text);
}

function bearerMatches(header: string | undefined, want: string): boolean {
  const got = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(got).digest();
  const b = createHash('sha256').update(want).digest();
  return got.length > 0 && timingSafeEqual(a, b);
}
