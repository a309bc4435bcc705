// Child of scrub-work-bound.test.ts: scrubs each adversarial string and prints {"name", "ms"} per line, so the
// parent can kill it when a pattern goes quadratic (a regex cannot be interrupted inside its own process).
import { scrubString } from '../src/index.ts';
import { ADVERSARIAL } from './scrub-adversarial-inputs.ts';

for (const [name, make] of Object.entries(ADVERSARIAL)) {
  const s = make();
  const t = performance.now();
  const out = scrubString(s);
  const ms = performance.now() - t;
  process.stdout.write(`${JSON.stringify({ name, ms, inLength: s.length, outLength: out.length })}\n`);
}
