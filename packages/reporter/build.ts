/**
 * @module Builds the reporter: dist/reporter.min.js (an IIFE that defines `FaultlineReporter` for a `<script>` tag)
 * and dist/reporter.mjs (ESM, for a widget that bundles it). `npm run build -w @faultline/reporter`; the size test
 * and the browser test call build() so they always measure and load a fresh build.
 */
import { build as esbuild, type BuildOptions } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Browsers this has to run in: what the widget's customers' visitors use (ES2020: Chrome 80, Firefox 74, Safari 13.1). */
const TARGET = ['es2020'];

export async function build(): Promise<{ iife: string; esm: string }> {
  const common: BuildOptions = { bundle: true, minify: true, target: TARGET, legalComments: 'none', logLevel: 'silent', write: false };
  const iife = await esbuild({ ...common, entryPoints: [`${here}src/global.ts`], format: 'iife' });
  const esm = await esbuild({ ...common, entryPoints: [`${here}src/index.ts`], format: 'esm' });
  mkdirSync(`${here}dist`, { recursive: true });
  return { iife: put('reporter.min.js', iife.outputFiles![0]!.contents), esm: put('reporter.mjs', esm.outputFiles![0]!.contents) };
}

/** Written aside and renamed, so a test reading dist/ while another test builds never sees half a file. */
function put(name: string, contents: Uint8Array): string {
  const file = `${here}dist/${name}`;
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await build();
  console.log(`built ${out.iife} and ${out.esm}`);
}
