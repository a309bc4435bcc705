/**
 * @module In-process counters and gauges, rendered in Prometheus text format on /metrics.
 * Ingest bumps counters in memory only; nothing here touches the database on the hot path.
 */

type Labels = Record<string, string>;

/** Counter values by name and label key, as another thread (digest) posts them. */
export type CounterSnapshot = Record<string, { help: string; values: Record<string, number> }>;

export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly gauges = new Map<string, { help: string; read: () => number }>();
  /** Counters of other threads, by source; each source's latest snapshot adds to this registry's own values. */
  private readonly remote = new Map<string, CounterSnapshot>();

  counter(name: string, help: string): (labels?: Labels, n?: number) => void {
    const c = { help, values: new Map<string, number>() };
    this.counters.set(name, c);
    return (labels = {}, n = 1) => {
      const key = labelKey(labels);
      c.values.set(key, (c.values.get(key) ?? 0) + n);
    };
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  value(name: string, labels: Labels = {}): number {
    return this.merged().get(name)?.values.get(labelKey(labels)) ?? 0;
  }

  snapshot(): CounterSnapshot {
    const out: CounterSnapshot = {};
    for (const [name, c] of this.counters) out[name] = { help: c.help, values: Object.fromEntries(c.values) };
    return out;
  }

  /** The latest counters of `source` (a digest thread generation: a restarted thread counts from 0 again). */
  setRemote(source: string, snapshot: CounterSnapshot): void {
    this.remote.set(source, snapshot);
  }

  private merged(): Map<string, { help: string; values: Map<string, number> }> {
    if (this.remote.size === 0) return this.counters;
    const all = new Map([...this.counters].map(([name, c]) => [name, { help: c.help, values: new Map(c.values) }]));
    for (const snap of this.remote.values()) {
      for (const [name, c] of Object.entries(snap)) {
        let into = all.get(name);
        if (!into) all.set(name, (into = { help: c.help, values: new Map() }));
        for (const [k, v] of Object.entries(c.values)) into.values.set(k, (into.values.get(k) ?? 0) + v);
      }
    }
    return all;
  }

  render(): string {
    const out: string[] = [];
    for (const [name, c] of this.merged()) {
      out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      if (c.values.size === 0) out.push(`${name} 0`);
      for (const [k, v] of c.values) out.push(`${name}${k} ${v}`);
    }
    for (const [name, g] of this.gauges) {
      out.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${g.read()}`);
    }
    return `${out.join('\n')}\n`;
  }
}

/** Keys of one-label sets (ingest's per-request `type`/`status` counters), so the hot path builds no string. */
const singleLabelKeys = new Map<string, Map<string, string>>();
const MAX_CACHED_VALUES = 1000;

function labelKey(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 1) {
    const name = keys[0]!;
    const value = labels[name]!;
    let byValue = singleLabelKeys.get(name);
    if (!byValue) singleLabelKeys.set(name, (byValue = new Map()));
    let key = byValue.get(value);
    if (key === undefined) {
      key = formatLabelKey(labels, keys);
      if (byValue.size < MAX_CACHED_VALUES) byValue.set(value, key);
    }
    return key;
  }
  if (keys.length === 0) return '';
  return formatLabelKey(labels, keys.sort());
}

function formatLabelKey(labels: Labels, sortedKeys: string[]): string {
  return `{${sortedKeys.map((k) => `${k}="${String(labels[k]).replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}

/** The metric names Faultline exposes, created once per process. */
export function createServerMetrics(m: Metrics) {
  return {
    itemsReceived: m.counter('faultline_items_received_total', 'Envelope items received at ingest, by item type'),
    itemsAccepted: m.counter('faultline_items_accepted_total', 'Envelope items appended to the queue, by item type'),
    outcomes: m.counter('faultline_outcomes_total', 'Items dropped, by reason and category (every drop has exactly one reason)'),
    requests: m.counter('faultline_ingest_requests_total', 'Ingest HTTP requests, by status code'),
    eventsDigested: m.counter('faultline_events_digested_total', 'Error events stored by digest'),
    envelopesDigested: m.counter('faultline_envelopes_digested_total', 'Envelopes consumed by digest'),
    issueRacesLost: m.counter('faultline_digest_issue_races_lost_total', 'Digest batches planned again because another node created one of their new issues first'),
    digestErrors: m.counter('faultline_digest_errors_total', 'Envelopes digest could not process (kept raw, counted as an outcome)'),
  };
}
export type ServerMetrics = ReturnType<typeof createServerMetrics>;
