/** @module Liveness, readiness and Prometheus metrics. */
import type { Ctx } from '../http/router.ts';
import { sendJson } from '../http/respond.ts';
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
    await app.db.get('SELECT 1 AS ok');
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

export function metrics(ctx: Ctx): void {
  const text = ctx.app.registry.render();
  ctx.res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': Buffer.byteLength(text) });
  ctx.res.end(text);
}
