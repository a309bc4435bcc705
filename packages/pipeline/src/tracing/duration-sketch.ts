/**
 * @module `DurationSketch`: a mergeable sketch of transaction durations (milliseconds) for percentiles from
 * aggregates. It wraps DDSketch (`@datadog/sketches-js`, logarithmic mapping): every quantile it answers is within
 * `DURATION_SKETCH_RELATIVE_ACCURACY` (1 %) of the sample at that rank, however skewed the data, and two sketches
 * merge into the sketch of all their samples (same bins, counts added), so per-minute rows add up to any window.
 *
 * Stored as a compact binary form of its own instead of the package's protobuf: the package serializes its whole
 * padded bin array as doubles (≥ 1 KiB for a single sample), where a minute row usually holds a few dozen bins.
 * Layout: version byte (1), varint zero count, zigzag varint lowest bin key, varint bin count, then one varint
 * per bin from the lowest key to the highest. Durations below 1 µs count as 0.
 */
import { DDSketch } from '@datadog/sketches-js';

export const DURATION_SKETCH_RELATIVE_ACCURACY = 0.01;
/** Durations below this (ms) are counted as zero: their bins would stretch the sketch for no information. */
const MIN_DURATION_MS = 0.001;
const FORMAT_VERSION = 1;

export class DurationSketchError extends Error {}

/** `mergeBytes`' scratch space for a blob's bin counts. */
let decoded = new Float64Array(256);

export class DurationSketch {
  private constructor(private readonly sketch: DDSketch) {}

  static create(): DurationSketch {
    return new DurationSketch(new DDSketch({ relativeAccuracy: DURATION_SKETCH_RELATIVE_ACCURACY }));
  }

  /** Number of durations added (directly or through merges). */
  get count(): number {
    return this.sketch.count;
  }

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new DurationSketchError(`a duration must be a finite number >= 0, not ${ms}`);
    this.sketch.accept(ms < MIN_DURATION_MS ? 0 : ms);
  }

  /** Adds every sample of `other` to this sketch; `other` is unchanged. */
  merge(other: DurationSketch): void {
    this.sketch.merge(other.sketch);
  }

  /** The duration (ms) at quantile `q` in [0, 1]; null when the sketch is empty. */
  quantile(q: number): number | null {
    if (!(q >= 0 && q <= 1)) throw new DurationSketchError(`a quantile must be in [0, 1], not ${q}`);
    if (this.sketch.count === 0) return null;
    return this.sketch.getValueAtQuantile(q);
  }

  toBytes(): Uint8Array {
    const out: number[] = [FORMAT_VERSION];
    writeVarint(out, this.sketch.zeroCount);
    const store = this.sketch.store;
    if (store.count === 0) {
      writeVarint(out, 0);
      writeVarint(out, 0);
    } else {
      writeVarint(out, zigzag(store.minKey));
      writeVarint(out, store.maxKey - store.minKey + 1);
      for (let key = store.minKey; key <= store.maxKey; key++) writeVarint(out, store.bins[key - store.offset] ?? 0);
    }
    return Uint8Array.from(out);
  }

  toBase64(): string {
    return Buffer.from(this.toBytes()).toString('base64');
  }

  static fromBytes(bytes: Uint8Array): DurationSketch {
    const result = DurationSketch.create();
    result.mergeBytes(bytes);
    return result;
  }

  /**
   * Adds the sketch stored in `bytes` to this one, as `merge(fromBytes(bytes))` does but without building a
   * sketch for it: reading a window of minute rows is mostly this. Corrupt bytes throw and leave this unchanged.
   */
  mergeBytes(bytes: Uint8Array): void {
    if (bytes[0] !== FORMAT_VERSION) throw new DurationSketchError(`unknown duration sketch format ${bytes[0]}`);
    const reader = { bytes, at: 1 };
    const zeroCount = readVarint(reader);
    const minKey = unzigzag(readVarint(reader));
    const bins = readVarint(reader);
    // Decode first (corrupt bytes leave the sketch unchanged), into a typed array reused across calls.
    if (decoded.length < bins) decoded = new Float64Array(Math.max(bins, decoded.length * 2));
    let positive = 0;
    for (let i = 0; i < bins; i++) positive += decoded[i] = readVarint(reader);
    if (reader.at !== bytes.length) throw new DurationSketchError('trailing bytes after a duration sketch');
    const sketch = this.sketch;
    const store = sketch.store;
    if (positive > 0) {
      // Grow the store to the blob's range once (two weightless adds), then add the bins straight into it.
      store.add(minKey, 0);
      store.add(minKey + bins - 1, 0);
      const at = minKey - store.offset;
      const target = store.bins;
      for (let i = 0; i < bins; i++) target[at + i]! += decoded[i]!;
      store.count += positive;
    }
    sketch.zeroCount += zeroCount;
    sketch.count += zeroCount + positive;
  }

  static fromBase64(text: string): DurationSketch {
    return DurationSketch.fromBytes(Buffer.from(text, 'base64'));
  }
}

function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new DurationSketchError(`cannot encode ${value} as a varint`);
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function readVarint(r: { bytes: Uint8Array; at: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (r.at >= r.bytes.length) throw new DurationSketchError('truncated duration sketch');
    const b = r.bytes[r.at++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 0x80;
    if (scale > 2 ** 56) throw new DurationSketchError('varint too long in a duration sketch');
  }
}

const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (n: number): number => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);
