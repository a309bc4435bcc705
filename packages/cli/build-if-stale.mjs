#!/usr/bin/env node
// Compiles the server (the CLI and everything it imports) to JavaScript when packages/cli/dist is missing or older
// than any workspace source, so `npm start` runs plain JavaScript — no TypeScript loader in memory or at start-up —
// without a separate build step. `bin/faultline.js` runs the build only when it is current (`isCurrent`), else
// the sources through tsx, so an edited tree never runs stale code. One build at a time (mkdir lock).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBuildLock } from '../../scripts/build-lock.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const packages = dirname(here);
// Bundles sit two folders below packages/cli so paths resolved from import.meta.url (the web UI's dist) stay true.
export const OUT = join(here, 'dist', 'bin');
const STAMP = join(OUT, 'stamp.json');
const SOURCES = ['protocol', 'pipeline', 'store', 'server', 'cli'].map((p) => join(packages, p));

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return /\.(ts|mjs|json)$/.test(path) ? st.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).filter((n) => n !== 'node_modules' && n !== 'dist' && n !== 'test').map((n) => newest(join(path, n))));
}

function sourcesAt() {
  return Math.max(...SOURCES.flatMap((dir) => [newest(join(dir, 'src')), statSync(join(dir, 'package.json')).mtimeMs]));
}

/** True when dist holds a build of the current sources. */
export function isCurrent() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')).sourcesAt >= sourcesAt();
  } catch {
    return false;
  }
}

async function build() {
  const esbuild = await import('esbuild');
  const at = sourcesAt();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const server = join(packages, 'server', 'src', 'worker');
  await esbuild.build({
    entryPoints: { main: join(here, 'src', 'main.ts'), 'digest-thread-main': join(server, 'digest-thread-main.ts') },
    outdir: OUT,
    outExtension: { '.js': '.js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    // Workspace packages are compiled in; npm dependencies (native better-sqlite3, pg, …) load from node_modules.
    plugins: [dependenciesExternal()],
    banner: { js: "import { createRequire as __faultlineRequire } from 'node:module'; const require = __faultlineRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // Worker entry files are resolved next to the code that starts them.
  copyFileSync(join(server, 'digest-thread-entry.mjs'), join(OUT, 'digest-thread-entry.mjs'));
  copyFileSync(join(packages, 'store', 'src', 'queue', 'sqlite-append-worker.mjs'), join(OUT, 'sqlite-append-worker.mjs'));
  writeFileSync(join(OUT, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(STAMP, JSON.stringify({ sourcesAt: at, builtAt: new Date().toISOString() }) + '\n');
}

/** Bare imports other than @faultline/* stay imports (resolved from node_modules at run time). */
function dependenciesExternal() {
  return {
    name: 'faultline-dependencies-external',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@faultline/') ? undefined : { path: args.path, external: true }));
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await withBuildLock(join(here, '.build-lock'), async () => {
    if (!isCurrent()) await build();
  });
  if (!existsSync(join(OUT, 'main.js'))) process.exit(1);
}
