/** @module Latency summaries. Exact percentiles from all samples (a 10-second phase is at most ~100k numbers). */

export interface LatencySummary {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function summarize(samples: number[]): LatencySummary {
  if (samples.length === 0) return { samples: 0, p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN, mean: NaN };
  const s = Float64Array.from(samples).sort();
  // Nearest-rank percentile: the smallest sample with at least q of the samples at or below it.
  const q = (p: number) => round(s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!);
  return { samples: s.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), p999: q(0.999), max: round(s[s.length - 1]!), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
