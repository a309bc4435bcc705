#!/usr/bin/env node
// Builds the web UI when packages/web/dist is missing or older than its sources, so `npm install && npm start`
// serves a current UI on a fresh clone (and after a pull) without a separate build step; a no-op otherwise.
// Test files call it in parallel, so one build at a time: a lock directory (mkdir is atomic) makes the others wait
// and then find the build current.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBuildLock } from '../../scripts/build-lock.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const built = join(here, 'dist', 'index.html');
const lock = join(here, '.build-lock');

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function isCurrent() {
  let builtAt = 0;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    // not built yet
  }
  const sourcesAt = Math.max(...['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newest(join(here, p))));
  return builtAt >= sourcesAt;
}

if (isCurrent()) process.exit(0);
const status = await withBuildLock(lock, () => {
  if (isCurrent()) return 0;
  process.stderr.write('Building the web UI (packages/web/dist)…\n');
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  return spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: here, stdio: 'inherit' }).status ?? 1;
});
process.exit(status);
