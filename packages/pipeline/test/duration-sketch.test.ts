import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DURATION_SKETCH_RELATIVE_ACCURACY, DurationSketch, DurationSketchError } from '../src/index.ts';

/** 10,000 durations from a skewed, long-tailed mix: log-normal around 80 ms plus a 5 % Pareto tail up to minutes. */
function skewedDurations(seed: number): number[] {
  const u = fc.sample(fc.tuple(fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { seed, numRuns: 10_000 });
  return u.map(([a, b, c]) => {
    if (c < 0.05) return 500 / Math.pow(a, 1 / 1.2); // Pareto, α = 1.2, from 500 ms
    const normal = Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
    return Math.exp(Math.log(80) + 0.9 * normal);
  });
}

/** The sample at rank q·(n−1), rounded down: the one DDSketch's quantile targets. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

const QUANTILES = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

function assertWithinError(sketch: DurationSketch, samples: number[]): void {
  const sorted = [...samples].sort((x, y) => x - y);
  for (const q of QUANTILES) {
    const exact = exactQuantile(sorted, q);
    const got = sketch.quantile(q)!;
    assert.ok(Math.abs(got - exact) <= DURATION_SKETCH_RELATIVE_ACCURACY * exact, `q=${q}: sketch ${got}, exact ${exact}`);
  }
}

function sketchOf(samples: number[]): DurationSketch {
  const s = DurationSketch.create();
  for (const v of samples) s.add(v);
  return s;
}

describe('duration sketch', () => {
  it('answers quantiles of 10,000 skewed samples within the documented relative error', () => {
    for (const seed of [1, 2, 3]) {
      const samples = skewedDurations(seed);
      const sketch = sketchOf(samples);
      assert.equal(sketch.count, samples.length);
      assertWithinError(sketch, samples);
    }
  });

  it('merging two sketches equals the sketch of all their samples, and survives a bytes round trip', () => {
    const samples = skewedDurations(7);
    const a = sketchOf(samples.slice(0, 3_000));
    const b = sketchOf(samples.slice(3_000));
    a.merge(b);
    const all = sketchOf(samples);
    assert.deepEqual(a.toBytes(), all.toBytes());
    for (const q of QUANTILES) assert.equal(a.quantile(q), all.quantile(q));
    assertWithinError(a, samples);
    const back = DurationSketch.fromBase64(a.toBase64());
    assert.equal(back.count, samples.length);
    for (const q of QUANTILES) assert.equal(back.quantile(q), all.quantile(q));
    // Merging deserialized sketches (what the store does for a window of minute rows) gives the same answer.
    const merged = DurationSketch.fromBytes(sketchOf(samples.slice(0, 5_000)).toBytes());
    merged.merge(DurationSketch.fromBytes(sketchOf(samples.slice(5_000)).toBytes()));
    assert.deepEqual(merged.toBytes(), all.toBytes());
    // mergeBytes (the store's read path) adds stored bytes in place, with the same result; corrupt bytes change nothing.
    const inPlace = sketchOf(samples.slice(0, 5_000));
    inPlace.mergeBytes(sketchOf(samples.slice(5_000)).toBytes());
    inPlace.mergeBytes(sketchOf([0, 0]).toBytes());
    const withZeros = sketchOf([...samples, 0, 0]);
    assert.deepEqual(inPlace.toBytes(), withZeros.toBytes());
    assert.equal(inPlace.count, samples.length + 2);
    const truncated = sketchOf([5, 50, 500]).toBytes().slice(0, -1);
    assert.throws(() => inPlace.mergeBytes(truncated), DurationSketchError);
    assert.deepEqual(inPlace.toBytes(), withZeros.toBytes());
  });

  it('stores a minute row in a few bytes per bin, zeros included', () => {
    const one = sketchOf([120]);
    assert.ok(one.toBytes().length < 10, `one sample took ${one.toBytes().length} bytes`);
    const zeros = sketchOf([0, 0.0001, 5]);
    const back = DurationSketch.fromBytes(zeros.toBytes());
    assert.equal(back.count, 3);
    assert.equal(back.quantile(0), 0);
    assert.equal(back.quantile(0.5), 0);
    assert.ok(Math.abs(back.quantile(1)! - 5) <= 0.05);
    assert.equal(DurationSketch.create().quantile(0.5), null);
    assert.equal(DurationSketch.fromBytes(DurationSketch.create().toBytes()).count, 0);
  });

  it('refuses bad durations and corrupt bytes', () => {
    const s = DurationSketch.create();
    assert.throws(() => s.add(-1), DurationSketchError);
    assert.throws(() => s.add(Number.NaN), DurationSketchError);
    assert.throws(() => s.quantile(1.5), DurationSketchError);
    const bytes = sketchOf([1, 2, 3]).toBytes();
    assert.throws(() => DurationSketch.fromBytes(bytes.subarray(0, bytes.length - 1)), DurationSketchError);
    assert.throws(() => DurationSketch.fromBytes(Uint8Array.from([9, 0, 0, 0])), DurationSketchError);
  });
});
