#!/usr/bin/env node
// `npm test`: starts one embedded PostgreSQL for the whole run, then Node's test runner over every *.test.ts.
// Usage: npm test [-- path/or/filter ...]   (filters select files whose path contains any of the words)
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const root = new URL('..', import.meta.url).pathname;
const { startTestPostgres } = await import('./test-postgres.ts');

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...findTests(join(root, 'packages')), ...findTests(join(root, 'e2e'))]
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const pgServer = process.env.FAULTLINE_TEST_PG ? null : await startTestPostgres();
// Every data dir, upload and browser profile the tests make goes under one folder, removed when the run ends.
const scratch = mkdtempSync(join(tmpdir(), 'faultline-test-run-'));
chmodSync(scratch, 0o1777); // like /tmp: embedded PostgreSQL runs as its own user and makes folders here
const env = { ...process.env, TMPDIR: scratch, FAULTLINE_TEST_PG: process.env.FAULTLINE_TEST_PG ?? pgServer.url };
const code = await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
    { cwd: root, env, stdio: 'inherit' },
  );
  child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
});
await pgServer?.stop();
rmSync(scratch, { recursive: true, force: true });
process.exit(code);
