import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADVERSARIAL } from './scrub-adversarial-inputs.ts';

const CHILD = fileURLToPath(new URL('./scrub-work-bound-child.ts', import.meta.url));
// Generous: a linear scan of 1 MiB takes milliseconds; a quadratic rule takes minutes on these inputs.
const LIMIT_MS = 3000;

describe('scrubString work bound', () => {
  it('scrubs a 1 MiB adversarial string for every rule in linear time (seconds at most, not minutes)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['ignore', 'pipe', 'inherit'] });
    const results: Array<{ name: string; ms: number; inLength: number }> = [];
    let buffered = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      // Each pattern gets LIMIT_MS plus a margin for the child's start; a stuck one is killed, not awaited.
      timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS + 5000);
    };
    arm();
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        results.push(JSON.parse(buffered.slice(0, nl)));
        buffered = buffered.slice(nl + 1);
        arm();
      }
    });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    clearTimeout(timer);
    const names = Object.keys(ADVERSARIAL);
    const stuck = names[results.length];
    assert.equal(code, 0, `the scrubber did not finish "${stuck}" within ${LIMIT_MS + 5000} ms (killed); done: ${results.map((r) => `${r.name} ${r.ms.toFixed(0)} ms`).join(', ')}`);
    assert.equal(results.length, names.length);
    for (const r of results) {
      assert.ok(r.inLength >= 1024 * 1024, `${r.name}: input is 1 MiB`);
      assert.ok(r.ms < LIMIT_MS, `${r.name}: ${r.ms.toFixed(0)} ms`);
    }
  });
});
