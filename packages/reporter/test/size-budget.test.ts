/**
 * The reporter ships inside customer pages, so its size is a feature: a fresh esbuild of both builds must stay
 * under the budget minified and gzipped, carry no imports (zero runtime dependencies), and name its version right.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { VERSION } from '../src/version.ts';
import { build } from '../build.ts';

/** Bytes, minified + gzipped (level 9, as a CDN would serve it). */
const BUDGET = 2048;

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; dependencies?: object; peerDependencies?: object };

describe('reporter size budget', () => {
  let iife: string;
  let esm: string;
  before(async () => {
    const out = await build();
    iife = readFileSync(out.iife, 'utf8');
    esm = readFileSync(out.esm, 'utf8');
  });

  it(`stays under ${BUDGET} bytes minified and gzipped`, (t) => {
    for (const [name, code] of [['reporter.min.js', iife], ['reporter.mjs', esm]] as const) {
      const gz = gzipSync(code, { level: 9 }).length;
      t.diagnostic(`${name}: ${code.length} B minified, ${gz} B gzipped (budget ${BUDGET})`);
      assert.ok(gz < BUDGET, `${name} is ${gz} B gzipped, over the ${BUDGET} B budget`);
    }
  });

  it('has no runtime dependencies and imports nothing', () => {
    assert.equal(pkg.dependencies, undefined);
    assert.equal(pkg.peerDependencies, undefined);
    assert.doesNotMatch(iife, /\brequire\(|\bimport\s*[("'{*]/);
    assert.doesNotMatch(esm, /^import\b|\bimport\(/m);
  });

  it('defines the FaultlineReporter global with the whole API, and exports the same from the ESM build', () => {
    const api = ['init', 'captureException', 'captureMessage', 'addBreadcrumb', 'setUser', 'setTag'];
    const sandbox: { FaultlineReporter?: Record<string, unknown> } = {};
    new Function('globalThis', iife)(sandbox);
    assert.deepEqual(Object.keys(sandbox.FaultlineReporter ?? {}).sort(), [...api].sort());
    for (const name of api) assert.match(esm, new RegExp(`\\b${name}\\b`));
  });

  it('reports the version in package.json', () => {
    assert.equal(VERSION, pkg.version);
    assert.ok(iife.includes(`"${pkg.version}"`));
  });
});
