/**
 * @module The signaling server's Sentry transport: `Sentry.makeNodeTransport` wrapped by the SDK's
 * `makeOfflineTransport` over a file-backed store, so that no error is lost while Faultline is unreachable.
 *
 * Two additions to the SDK's own offline behaviour, both about "lost":
 * - every envelope is journaled to disk *before* it goes out and deleted once Faultline acknowledges it. The SDK
 *   only stores an envelope after its send has failed, so a process that dies meanwhile (the uncaught exception
 *   that is being reported, a `kill -9`, an OOM) would lose exactly the error that mattered most;
 * - a 5xx (a proxy in front of a stopped Faultline answers 502/503) and a 429 for `backpressure` (Faultline is up
 *   but its queue is full) count as "not delivered" and are kept for a retry. The SDK would drop both. A 429 for a
 *   quota is Faultline's deliberate decision (it counts the refusal), so those are dropped as the SDKs do.
 */
import * as Sentry from '@sentry/node';
import { makeOfflineTransport, type Envelope, type Transport } from '@sentry/core';
import { createFileOfflineStore, type FileOfflineStore, type FileOfflineStoreOptions } from './file-offline-store.ts';

type NodeTransportOptions = Parameters<typeof Sentry.makeNodeTransport>[0];

/** Thrown inside the transport so that the offline wrapper keeps the envelope; never reaches the app. */
class NotDelivered extends Error {}

/** Wraps a transport: journal before sending, forget after an acknowledgement, throw when not delivered. */
export function journaled(store: FileOfflineStore, inner: Transport): Transport {
  let backpressureUntil = 0;
  return {
    async send(envelope: Envelope) {
      const isClientReport = envelope[1].some(([item]) => item.type === 'client_report');
      if (!isClientReport) store.journal(envelope);
      const res = await inner.send(envelope);
      const status = res.statusCode;
      const limits = res.headers?.['x-sentry-rate-limits'] ?? '';
      if (status === 429 && /:backpressure\b/.test(limits)) backpressureUntil = Date.now() + 1000 * (Number(res.headers?.['retry-after']) || 60);
      // No status: the SDK did not send it, because of an active rate limit. Kept only while that is backpressure.
      const kept = status === undefined ? Date.now() < backpressureUntil : status >= 500 || (status === 429 && Date.now() < backpressureUntil);
      if (kept && !isClientReport) throw new NotDelivered(status ? `Faultline answered ${status}` : 'held back by backpressure');
      store.delivered(envelope);
      return res;
    },
    flush: (timeout) => inner.flush(timeout),
  };
}

export interface DurableTransportOptions extends FileOfflineStoreOptions {
  /** The directory of the queue; keep it on a persistent volume, one per process. */
  dir: string;
  /**
   * While envelopes wait, try again this often (default 30 s). The SDK alone doubles its retry delay after every
   * failure, up to an hour, so after a long outage the queue could sit for most of an hour once Faultline is back
   * (or until the next error happens to go through). A failed attempt costs one refused connection.
   */
  retrySeconds?: number;
}

/** For `Sentry.init({ transport })`. The store is created once, when the SDK creates its transport. */
export function makeDurableTransport(options: DurableTransportOptions): (transportOptions: NodeTransportOptions) => Transport {
  return (transportOptions) => {
    const store = createFileOfflineStore(options.dir, options);
    const offline = makeOfflineTransport((o: NodeTransportOptions) => journaled(store, Sentry.makeNodeTransport(o)));
    const transport = offline({
      ...transportOptions,
      createStore: () => store,
      // Send what an earlier run left behind (it crashed, or Faultline was down when it stopped) soon after start.
      flushAtStartup: true,
    });
    // flush() without a timeout is the offline transport's "retry now": it resets the backoff and sends the
    // oldest envelope; each success sends the next.
    const retry = setInterval(() => {
      if (store.size() > 0) void transport.flush();
    }, 1000 * (options.retrySeconds ?? 30));
    retry.unref();
    return transport;
  };
}
