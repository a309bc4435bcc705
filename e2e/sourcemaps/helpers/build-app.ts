/**
 * @module Builds the small agent-console app (app/) the way a customer's CI would: esbuild bundles it with
 * @sentry/browser, minified, hashed file name, external source maps. `buildId` changes the bytes (and so the
 * hash and the derived debug ID) without changing the source lines, like a redeploy of unchanged code.
 */
import { build, type Plugin } from 'esbuild';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = fileURLToPath(new URL('../app/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../../node_modules/', import.meta.url));

export interface BuiltApp {
  /** The project folder: src/ (copied sources) and dist/ (the build). */
  dir: string;
  dist: string;
  /** The bundle's file name in dist/, e.g. app-4F2KQ3.js */
  bundle: string;
}

export async function buildApp(opts: { buildId: string; plugins?: Plugin[]; dir?: string }): Promise<BuiltApp> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'faultline-sm-app-'));
  cpSync(APP, join(dir, 'src'), { recursive: true });
  const dist = join(dir, 'dist');
  await build({
    entryPoints: [join(dir, 'src', 'app.js')],
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: 'es2020',
    outdir: dist,
    entryNames: '[name]-[hash]',
    nodePaths: [NODE_MODULES],
    define: { BUILD_ID: JSON.stringify(opts.buildId) },
    logLevel: 'silent',
    plugins: opts.plugins ?? [],
  });
  const bundle = readdirSync(dist).find((f) => f.endsWith('.js'))!;
  return { dir, dist, bundle };
}

/** The page that loads a build; served next to dist/ by the static server. */
export function writePage(app: BuiltApp, vars: { dsn: string; release?: string; dist?: string }): void {
  const globals = `window.FAULTLINE_DSN=${JSON.stringify(vars.dsn)};window.FAULTLINE_RELEASE=${JSON.stringify(vars.release)};window.FAULTLINE_DIST=${JSON.stringify(vars.dist)};`;
  writeFileSync(
    join(app.dir, 'index.html'),
    `<!doctype html><html><body><button id=accept>Accept</button><button id=reject>Reject</button><div id=panel></div><script>${globals}</script><script src="/dist/${app.bundle}"></script></body></html>`,
  );
}
