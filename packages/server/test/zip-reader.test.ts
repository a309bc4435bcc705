import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from '../src/sourcemaps/zip-reader.ts';
import { ZipBuilder } from '../../../e2e/helpers/zip-writer.ts';

const KiB = 1024;
const limits: ZipLimits = { maxEntries: 3, maxEntryBytes: 64 * KiB, maxTotalBytes: 100 * KiB, maxRatio: 10, ratioAboveBytes: 8 * KiB };

/** A ZIP of deflated entries. */
function zipOf(files: Array<{ name: string; data: Buffer }>): Buffer {
  const zip = new ZipBuilder();
  for (const f of files) zip.central(zip.local(f.name, deflateRawSync(f.data), { method: 8, crc: crc32(f.data), size: f.data.length }));
  return zip.finish();
}

/** Incompressible bytes, so only the caps under test apply. */
const noise = (n: number) => randomBytes(n);

describe('readZip caps (zip bombs refused before inflating)', () => {
  it('reads an archive within every cap', async () => {
    const entries = readZip(zipOf([{ name: 'a', data: noise(40 * KiB) }, { name: 'b', data: noise(40 * KiB) }]), limits);
    assert.deepEqual(entries.map((e) => [e.name, e.size]), [['a', 40 * KiB], ['b', 40 * KiB]]);
    assert.equal((await entries[1]!.read()).length, 40 * KiB);
  });

  it('counts entries', () => {
    const files = ['a', 'b', 'c', 'd'].map((name) => ({ name, data: noise(10) }));
    assert.throws(() => readZip(zipOf(files), limits), /too many entries \(4; at most 3\)/);
  });

  it('caps each entry, all entries together, and the ratio of big entries', () => {
    assert.throws(() => readZip(zipOf([{ name: 'big', data: noise(65 * KiB) }]), limits), /big inflates to 66560 bytes; at most 65536 per file/);
    assert.throws(() => readZip(zipOf([{ name: 'a', data: noise(60 * KiB) }, { name: 'b', data: noise(60 * KiB) }]), limits), /more than 102400 bytes in all/);
    assert.throws(() => readZip(zipOf([{ name: 'zeros', data: Buffer.alloc(9 * KiB) }]), limits), /zeros inflates \d+ bytes to 9216 \(more than 10:1\): refused as a zip bomb/);
    // Small entries may compress as well as they like.
    assert.equal(readZip(zipOf([{ name: 'small', data: Buffer.alloc(8 * KiB) }]), limits).length, 1);
  });

  it('refuses entries sharing compressed bytes', () => {
    const zip = new ZipBuilder();
    const one = zip.local('a', deflateRawSync(noise(100)), { method: 8, crc: 0, size: 100 });
    zip.central(one);
    zip.central({ ...one, name: 'b' });
    assert.throws(() => readZip(zip.finish(), limits), /overlaps a: refused as a zip bomb/);
  });

  it('has production caps that refuse the review’s 200 MiB-per-entry bomb by ratio', () => {
    assert.deepEqual({ ...DEFAULT_ZIP_LIMITS }, { maxEntries: 100_000, maxEntryBytes: 256 * KiB * KiB, maxTotalBytes: 1024 * KiB * KiB, maxRatio: 100, ratioAboveBytes: KiB * KiB });
  });
});
