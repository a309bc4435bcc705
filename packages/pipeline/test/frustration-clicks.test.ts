/** @module Dead and rage clicks counted from a recording segment as Sentry's replay ingest counts them. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countFrustrationClicks } from '../src/index.ts';

/** A `ui.slowClickDetected` breadcrumb as @sentry/browser's replayIntegration records it. */
const slowClick = (data: Record<string, unknown>) => ({
  type: 5,
  timestamp: 1_700_000_001_000,
  data: {
    tag: 'breadcrumb',
    payload: {
      type: 'default',
      category: 'ui.slowClickDetected',
      timestamp: 1_700_000_001,
      message: 'body > button#pay',
      data: { nodeId: 12, node: { id: 12, tagName: 'button', textContent: '***', attributes: { id: 'pay' } }, url: 'https://shop.example/', endReason: 'timeout', timeAfterClickMs: 7000, clickCount: 1, ...data },
    },
  },
});
const count = (events: unknown[]) => countFrustrationClicks(Buffer.from(JSON.stringify(events)));

describe('frustration clicks', () => {
  it('a click on a button, link or input that timed out after 7 s is dead; with 5 clicks or more also rage', () => {
    assert.deepEqual(count([slowClick({})]), { dead: 1, rage: 0 });
    assert.deepEqual(count([slowClick({ clickCount: 5 })]), { dead: 1, rage: 1 });
    assert.deepEqual(count([slowClick({ clickCount: 4 })]), { dead: 1, rage: 0 });
    assert.deepEqual(count([slowClick({ node: { id: 3, tagName: 'a' } }), slowClick({ node: { id: 4, tagName: 'INPUT' } })]), { dead: 2, rage: 0 });
  });

  it('not dead: another end reason, another element, less than 7 s, a multi-click or a plain click', () => {
    assert.deepEqual(count([slowClick({ endReason: 'mutation' })]), { dead: 0, rage: 0 });
    assert.deepEqual(count([slowClick({ node: { id: 5, tagName: 'div' } })]), { dead: 0, rage: 0 });
    assert.deepEqual(count([slowClick({ timeAfterClickMs: 6999, clickCount: 9 })]), { dead: 0, rage: 0 });
    const multi = { type: 5, timestamp: 1, data: { tag: 'breadcrumb', payload: { category: 'ui.multiClick', data: { clickCount: 6, node: { tagName: 'button' } } } } };
    const click = { type: 5, timestamp: 1, data: { tag: 'breadcrumb', payload: { category: 'ui.click', message: 'ui.slowClickDetected' } } };
    assert.deepEqual(count([multi, click, { type: 3, timestamp: 2, data: {} }]), { dead: 0, rage: 0 });
  });

  it('a segment that is not a JSON array counts nothing', () => {
    assert.deepEqual(countFrustrationClicks(Buffer.from('{"ui.slowClickDetected":1')), { dead: 0, rage: 0 });
    assert.deepEqual(countFrustrationClicks(Buffer.from('{"a":"ui.slowClickDetected"}')), { dead: 0, rage: 0 });
  });
});
