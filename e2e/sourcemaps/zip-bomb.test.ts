/**
 * Decompression bombs in source-map uploads (issue 8, finding 5). The review's bundle: ~200 KB, four central
 * directory entries all pointing at one 200 MiB deflate stream. Assembly must end in Sentry's `{state: 'error',
 * detail}` without inflating it (the server process's RSS stays put and `/healthz` answers), store nothing, and
 * remember the error for the checksum. Also a bundle whose one entry lies about its size (inflation stops at the
 * declared size), and gzip bombs in the chunk upload: a chunk part and a whole request body that inflate past their
 * budgets are 413s with a detail and store no chunk. On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Transform } from 'node:stream';
import { createDeflateRaw, createGzip, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { multipart } from '../helpers/multipart.ts';
import { ZipBuilder } from '../helpers/zip-writer.ts';

const MiB = 1024 * 1024;
const BOMB_MIB = 200;

/** `head` then `mib` MiB of zeros through a compressor, streamed (never all in memory), with the CRC of the zeros. */
async function zerosCompressed(z: Transform, mib: number, head: Buffer = Buffer.alloc(0)): Promise<{ data: Buffer; crc: number }> {
  const zeros = Buffer.alloc(MiB);
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => z.on('end', resolve));
  z.write(head);
  let crc = 0;
  for (let i = 0; i < mib; i++) {
    crc = crc32(zeros, crc);
    if (!z.write(zeros)) await new Promise((resolve) => z.once('drain', resolve));
  }
  z.end();
  await done;
  return { data: Buffer.concat(out), crc };
}

const SYSB = Buffer.from([0x53, 0x59, 0x53, 0x42, 2, 0, 0, 0]);

function manifestOf(paths: string[]): Buffer {
  return Buffer.from(JSON.stringify({ files: Object.fromEntries(paths.map((p) => [p, { type: 'minified_source', url: `~/${p}`, headers: {} }])) }));
}

/** The review's bomb: a manifest naming four files whose central records all point at the same stream. */
async function overlappingBomb(): Promise<Buffer> {
  const paths = ['a.js', 'b.js', 'c.js', 'd.js'];
  const zip = new ZipBuilder(SYSB);
  const manifest = manifestOf(paths);
  zip.central(zip.local('manifest.json', manifest, { method: 0 }));
  const { data, crc } = await zerosCompressed(createDeflateRaw({ level: 9 }), BOMB_MIB);
  const shared = zip.local('a.js', data, { method: 8, crc, size: BOMB_MIB * MiB });
  for (const name of paths) zip.central({ ...shared, name });
  return zip.finish();
}

/** One entry that says it is 1 KiB but inflates to 64 MiB: inflation must stop at the declared size. */
function lyingEntry(): Buffer {
  const zip = new ZipBuilder(SYSB);
  zip.central(zip.local('manifest.json', manifestOf(['a.js']), { method: 0 }));
  zip.central(zip.local('a.js', deflateRawSync(Buffer.alloc(64 * MiB)), { method: 8, crc: 0, size: 1024 }));
  return zip.finish();
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

for (const dialect of DIALECTS) {
  describe(`zip and gzip bombs in source-map uploads (${dialect})`, () => {
    let t: TestServer;
    const org = '/api/0/organizations/faultline';
    const uploadChunk = (body: Buffer, headers: Record<string, string> = {}) =>
      fetch(`${t.url}${org}/chunk-upload/`, { method: 'POST', body: body as unknown as BodyInit, headers: { authorization: `Bearer ${t.token}`, 'content-type': 'multipart/form-data; boundary=xYzZY', ...headers } });
    const assemble = (bundle: Buffer) =>
      t.api<{ state: string; detail: string | null; missingChunks: string[] }>(`${org}/artifactbundle/assemble/`, {
        method: 'POST',
        body: JSON.stringify({ checksum: sha1(bundle), chunks: [sha1(bundle)], projects: [t.projectSlug] }),
      });
    const bundles = async () => (await t.api<unknown[]>(`/api/0/projects/faultline/${t.projectSlug}/files/artifact-bundles/`)).body;

    before(async () => {
      t = await startTestServer(dialect);
    });
    after(() => t?.close());

    it('refuses the overlapping 4 × 200 MiB bundle with state error, without inflating it', async () => {
      const bomb = await overlappingBomb();
      assert.ok(bomb.length < 300 * 1024, `the bomb is ${bomb.length} bytes`);
      assert.equal((await uploadChunk(multipart([{ name: 'file', filename: sha1(bomb), data: bomb }]))).status, 200);
      const rssBefore = process.memoryUsage().rss;
      const res = await assemble(bomb);
      const grown = process.memoryUsage().rss - rssBefore;
      assert.equal(res.status, 200);
      assert.equal(res.body.state, 'error');
      assert.match(res.body.detail ?? '', /zip bomb/);
      assert.ok(grown < 300 * MiB, `RSS grew by ${Math.round(grown / MiB)} MiB`);
      assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
      assert.deepEqual(await bundles(), []);
      // The error is remembered for the checksum: asking again does not assemble again.
      const again = await assemble(bomb);
      assert.deepEqual([again.body.state, again.body.detail], ['error', res.body.detail]);
    });

    it('an entry that inflates past its declared size is an error, and nothing is stored', async () => {
      const bundle = lyingEntry();
      assert.equal((await uploadChunk(multipart([{ name: 'file', filename: sha1(bundle), data: bundle }]))).status, 200);
      const res = await assemble(bundle);
      assert.equal(res.body.state, 'error');
      assert.match(res.body.detail ?? '', /a\.js does not decompress within its declared 1024 bytes/);
      assert.deepEqual(await bundles(), []);
    });

    it('a gzip chunk part or request body that inflates past its budget is a 413 with a detail, storing no chunk', async () => {
      const big = Buffer.alloc(8 * MiB + 1);
      const part = await uploadChunk(multipart([{ name: 'file_gzip', filename: sha1(big), data: gzipSync(big) }]));
      assert.equal(part.status, 413);
      assert.match(((await part.json()) as { detail: string }).detail, /chunk [0-9a-f]{40} inflates past 8388608 bytes/);
      // A body of ~100 KB that inflates to 300 MiB (past the request's 256 MiB budget).
      const { data: body } = await zerosCompressed(createGzip({ level: 9 }), 300, multipart([{ name: 'file', filename: sha1(Buffer.from('x')), data: 'x' }]));
      const whole = await uploadChunk(body, { 'content-encoding': 'gzip' });
      assert.equal(whole.status, 413);
      assert.match(((await whole.json()) as { detail: string }).detail, /request body inflates past/);
      const missing = await t.api<{ state: string; missingChunks: string[] }>(`${org}/artifactbundle/assemble/`, {
        method: 'POST',
        body: JSON.stringify({ checksum: sha1(big), chunks: [sha1(big), sha1(Buffer.from('x'))], projects: [t.projectSlug] }),
      });
      assert.deepEqual(missing.body.missingChunks, [sha1(big), sha1(Buffer.from('x'))]);
    });
  });
}
