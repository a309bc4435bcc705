/** @module Seeded randomness and a Zipf sampler, so every load-generator process builds the same corpus. */

/** mulberry32: tiny, fast, good enough to pick templates; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]!;
}

export function intBetween(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/**
 * Rank k (0-based) is drawn with probability ∝ 1/(k+1)^s. With s = 1 over 1,000 ranks the top issue gets ~13 % of
 * events and the rarest ~0.013 %, so a 10-second run still touches nearly every issue: the long tail real projects have.
 */
export function zipfSampler(n: number, s: number): (u: number) => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / Math.pow(k + 1, s);
    cdf[k] = sum;
  }
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  return (u) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Event ids: a random per-process prefix plus a counter, so ids are unique across phases and processes at no cost. */
export function idFactory(): () => string {
  const prefix = Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  let n = 0;
  return () => prefix + (n++).toString(16).padStart(16, '0');
}
