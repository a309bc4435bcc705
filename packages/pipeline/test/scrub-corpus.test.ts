import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalizeEvent, scrubEvent, scrubString } from '../src/index.ts';

const LINES = readFileSync(new URL('./scrub-corpus/prose-error-messages.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'));

describe('no false positives on prose (scrub-corpus/prose-error-messages.txt)', () => {
  it('holds several dozen real error messages', () => assert.ok(LINES.length >= 60, `${LINES.length} lines`));

  it('passes every message through scrubString unchanged', () => {
    const changed = LINES.map((l) => [l, scrubString(l)]).filter(([a, b]) => a !== b);
    assert.deepEqual(changed, []);
  });

  it('keeps them unchanged as an event message, exception value and breadcrumb', () => {
    for (const line of LINES) {
      const e = normalizeEvent(
        { message: line, exception: { values: [{ type: 'Error', value: line }] }, breadcrumbs: [{ message: line, category: 'console' }] },
        { receivedAt: 1 },
      );
      const n = scrubEvent(e);
      assert.equal(n, 0, line);
      assert.equal(e.exception?.values[0]?.value, line);
      assert.equal(e.breadcrumbs?.values[0]?.message, line);
    }
  });
});
