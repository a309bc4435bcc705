// Entry of the digest thread. Compiled builds run digest-thread-main.js next to this file; from the TypeScript
// sources the thread registers tsx's loader itself (loader hooks of the main thread do not reach a worker).
import { existsSync } from 'node:fs';

const compiled = new URL('./digest-thread-main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./digest-thread-main.ts');
}
