// One build at a time across processes (test files and `npm start` may ask together): a lock directory, since
// mkdir is atomic. A lock older than two minutes belongs to a build that died and is taken over.
import { mkdirSync, rmSync, statSync } from 'node:fs';

const STALE_MS = 120_000;

/** Runs `build` holding the lock directory `lock`; waits (up to two minutes) while another process holds it. */
export async function withBuildLock(lock, build) {
  const deadline = Date.now() + STALE_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > STALE_MS) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
