/**
 * @module Watches digest through /metrics (`faultline_queue_depth`, `faultline_events_digested_total`,
 * `faultline_envelopes_digested_total`) and turns the samples into digest rates: from the first append until the
 * queue drained, split into "while intake runs" and "after intake stopped".
 */
import type { FaultlineProcess } from './faultline-process.ts';
import { round } from './stats.ts';

export interface MetricSample {
  t: number; // wall-clock ms
  depth: number;
  events: number;
  envelopes: number;
  /** V8 heap reserved (MB) by the main (HTTP) thread and by the digest thread (0 when digest runs on the main thread or not at all). */
  mainHeapMB: number;
  digestHeapMB: number;
}

export class QueueWatch {
  readonly samples: MetricSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(private readonly fl: FaultlineProcess) {}

  async poll(): Promise<MetricSample | null> {
    if (this.polling) return this.samples.at(-1) ?? null;
    this.polling = true;
    try {
      const m = await this.fl.metrics();
      const s = {
        t: Date.now(),
        depth: m.faultline_queue_depth ?? 0,
        events: m.faultline_events_digested_total ?? 0,
        envelopes: m.faultline_envelopes_digested_total ?? 0,
        mainHeapMB: (m.nodejs_heap_size_total_bytes ?? 0) / 2 ** 20,
        digestHeapMB: (m.faultline_digest_thread_heap_size_total_bytes ?? 0) / 2 ** 20,
      };
      this.samples.push(s);
      return s;
    } catch {
      return null; // a slow answer under load is not fatal; the next poll will do
    } finally {
      this.polling = false;
    }
  }

  start(intervalMs = 200): void {
    this.timer = setInterval(() => void this.poll(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Until digest has consumed `acceptedEnvelopes` envelopes (every 2xx the generator got) or the timeout. */
  async waitDrained(acceptedEnvelopes: number, timeoutMs: number): Promise<{ drained: boolean; at: number; last: MetricSample | null }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.poll();
      // Envelope count, not queue depth: PostgreSQL's depth gauge is refreshed once a second.
      if (s && s.envelopes >= acceptedEnvelopes) return { drained: true, at: s.t, last: s };
      if (Date.now() > deadline) return { drained: false, at: Date.now(), last: s ?? this.samples.at(-1) ?? null };
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The last sample at or before `t` (the state then). */
  at(t: number): MetricSample {
    let best = this.samples[0]!;
    for (const s of this.samples) if (s.t <= t) best = s;
    return best;
  }

  /** The largest heap each thread reserved over every sample. */
  peakHeapMB(): { main: number; digest: number } {
    return { main: round(Math.max(0, ...this.samples.map((s) => s.mainHeapMB)), 1), digest: round(Math.max(0, ...this.samples.map((s) => s.digestHeapMB)), 1) };
  }

  peakDepth(from: number, to: number): number {
    return Math.max(0, ...this.samples.filter((s) => s.t >= from && s.t <= to).map((s) => s.depth));
  }
}

export interface DigestFigures {
  drained: boolean;
  eventsDigested: number;
  seconds: number;
  /** Events digested from the first append until the queue drained (or the timeout), per second. */
  eventsPerSecond: number;
  whileIntakeEventsPerSecond: number;
  afterIntakeEventsPerSecond: number;
  peakQueueDepth: number;
  depthAtIntakeEnd: number;
  drainSecondsAfterIntake: number;
}

export function digestFigures(w: QueueWatch, before: MetricSample, firstAppend: number, intakeEnd: number, drain: { drained: boolean; at: number; last: MetricSample | null }): DigestFigures {
  const end = drain.last ?? w.at(drain.at);
  const mid = w.at(intakeEnd);
  const rate = (a: MetricSample, b: MetricSample, t0: number, t1: number) => (t1 > t0 ? round((b.events - a.events) / ((t1 - t0) / 1000), 0) : 0);
  return {
    drained: drain.drained,
    eventsDigested: end.events - before.events,
    seconds: round((end.t - firstAppend) / 1000, 1),
    eventsPerSecond: rate(before, end, firstAppend, end.t),
    whileIntakeEventsPerSecond: rate(before, mid, firstAppend, mid.t),
    afterIntakeEventsPerSecond: rate(mid, end, mid.t, end.t),
    peakQueueDepth: w.peakDepth(firstAppend, end.t),
    depthAtIntakeEnd: mid.depth,
    drainSecondsAfterIntake: round((end.t - intakeEnd) / 1000, 1),
  };
}
