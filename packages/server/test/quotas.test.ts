import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyQuota, SpikeProtection } from '../src/ingest/quotas.ts';

const MIN = 60_000;

describe('KeyQuota', () => {
  it('allows count events per fixed window and tells how long until the next one', () => {
    const q = new KeyQuota();
    const t0 = 1_000 * MIN;
    const limit = { count: 3, windowSec: 60 };
    assert.equal(q.take('k', limit, 2, t0), null);
    assert.equal(q.take('k', limit, 1, t0 + 1000), null);
    const refused = q.take('k', limit, 1, t0 + 20_000);
    assert.equal(refused?.scope, 'key');
    assert.equal(refused?.retryAfter, 40);
    assert.equal(q.take('other', limit, 3, t0), null, 'keys are counted apart');
    assert.equal(q.take('k', limit, 3, t0 + MIN), null, 'a new window starts empty');
  });
  it('a zero count refuses every event; an envelope without events takes nothing', () => {
    const q = new KeyQuota();
    assert.ok(q.take('k', { count: 0, windowSec: 60 }, 1, 0));
    assert.equal(q.take('k', { count: 0, windowSec: 60 }, 0, 0), null);
  });
});

describe('SpikeProtection', () => {
  it('allows the floor per minute when the last hour was quiet, then refuses until the minute ends', () => {
    const s = new SpikeProtection(10);
    const t0 = 500 * MIN + 15_000;
    for (let i = 0; i < 10; i++) assert.equal(s.take(1, 1, t0), null);
    const refused = s.take(1, 1, t0);
    assert.equal(refused?.scope, 'project');
    assert.equal(refused?.reason, 'spike_protection');
    assert.equal(refused?.retryAfter, 45);
    assert.equal(s.take(2, 1, t0), null, 'projects are counted apart');
  });
  it('raises the line to 10x the average of the previous hour', () => {
    const s = new SpikeProtection(10);
    let t = 100 * MIN;
    // Ten steady minutes of 10 events each (the floor): the average becomes 10, so the line becomes 100.
    for (let m = 0; m < 10; m++, t += MIN) for (let i = 0; i < 10; i++) assert.equal(s.take(1, 1, t), null, `minute ${m}`);
    let allowed = 0;
    while (s.take(1, 1, t) === null) allowed++;
    assert.equal(allowed, 100);
  });
  it('counts silent minutes as zero', () => {
    const s = new SpikeProtection(10);
    for (let i = 0; i < 100; i++) s.take(1, 1, 0);
    // One busy minute (the first 10 allowed) then 59 silent ones: average 10/60 < 1, so the floor applies.
    let allowed = 0;
    while (s.take(1, 1, 60 * MIN) === null) allowed++;
    assert.equal(allowed, 10);
  });
});
