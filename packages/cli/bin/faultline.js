#!/usr/bin/env node
// Runs the compiled server (packages/cli/dist/bin, built by `npm start`'s prestart) when it is a build of the
// current sources; otherwise the TypeScript sources through tsx's loader, so an edited tree never runs stale code
// and no build step is needed between `npm install` and `npm start`.
import { isCurrent } from '../build-if-stale.mjs';

let main;
if (isCurrent()) {
  ({ main } = await import('../dist/bin/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
