/**
 * @module A test page: one script bundled with esbuild from the repo's node_modules (the real browser SDK inside),
 * written next to an `index.html` body that loads it, served on a loopback port.
 */
import { build } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic, type StaticSite } from '../sourcemaps/helpers/browser.ts';

const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/** Bundles `entry` to /dist/app.js and serves `html` (which must load `/dist/app.js`) as the index page. */
export async function serveBundledPage(entry: string, html: string): Promise<StaticSite> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-page-'));
  await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    outfile: join(dir, 'dist', 'app.js'),
    nodePaths: [NODE_MODULES],
    logLevel: 'silent',
  });
  writeFileSync(join(dir, 'index.html'), html);
  return serveStatic(dir);
}
