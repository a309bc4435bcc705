import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { orderedEvents, timelineItems, type RecordedEvent } from '../src/screens/replays/replay-timeline-items.ts';

const T0 = 1_764_000_000_000;
const crumb = (ms: number, payload: Record<string, unknown>): RecordedEvent => ({ type: 5, timestamp: ms, data: { tag: 'breadcrumb', payload } });

describe('replay timeline items', () => {
  it('merges segments in time order and turns span timestamps in seconds into milliseconds', () => {
    const events = orderedEvents([
      [{ type: 4, timestamp: T0 }, { type: 2, timestamp: T0 + 1 }],
      [{ type: 5, timestamp: (T0 + 1500) / 1000, data: { tag: 'performanceSpan', payload: { op: 'navigation.push', description: 'https://a.example/calls/42' } } }, { type: 3, timestamp: T0 + 1000 }],
    ]);
    assert.deepEqual(events.map((e) => e.timestamp - T0), [0, 1, 1000, 1500]);
  });

  it('lists clicks, inputs, navigations, console, requests and errors at their offsets, without lifecycle or duplicate crumbs', () => {
    const events = orderedEvents([
      [
        { type: 4, timestamp: T0 },
        crumb(T0 + 10, { category: 'replay.init', message: 'start' }),
        crumb(T0 + 100, { category: 'ui.click', message: 'body > button#open-call' }),
        crumb(T0 + 200, { category: 'ui.input', message: 'input#note' }),
        crumb(T0 + 300, { category: 'navigation', data: { from: '/', to: '/calls/42' } }),
        { type: 5, timestamp: (T0 + 300) / 1000, data: { tag: 'performanceSpan', payload: { op: 'navigation.push', description: 'https://a.example/calls/42' } } },
        crumb(T0 + 400, { category: 'console', level: 'warning', message: 'call view opened' }),
        crumb(T0 + 450, { category: 'ui.slowClickDetected', message: 'button#slow' }),
        { type: 5, timestamp: (T0 + 470) / 1000, data: { tag: 'performanceSpan', payload: { op: 'resource.fetch', description: 'https://api.example/calls', data: { method: 'POST', statusCode: 503 } } } },
        { type: 5, timestamp: (T0 + 480) / 1000, data: { tag: 'performanceSpan', payload: { op: 'resource.script', description: 'https://a.example/app.js' } } },
        { type: 3, timestamp: T0 + 900 },
      ],
    ]);
    const items = timelineItems(events, [{ eventID: 'ab'.repeat(16), groupID: '7', title: 'Error: boom', dateCreated: new Date(T0 + 500).toISOString() }]);
    assert.deepEqual(
      items.map((i) => [i.offset, i.kind, i.label, i.detail]),
      [
        [100, 'click', 'Click', 'body > button#open-call'],
        [200, 'other', 'Input', 'input#note'],
        [300, 'navigation', 'Navigation', 'https://a.example/calls/42'],
        [400, 'console', 'Console warning', 'call view opened'],
        [450, 'click', 'Dead click', 'button#slow'],
        [470, 'network', 'POST 503', 'https://api.example/calls'],
        [500, 'error', 'Error', 'Error: boom'],
      ],
    );
    assert.equal(items.at(-1)!.issueId, '7');
    assert.equal(items.at(-1)!.eventId, 'ab'.repeat(16));
  });

  it('keeps an error stamped outside the recording within it', () => {
    const events = orderedEvents([[{ type: 4, timestamp: T0 }, { type: 3, timestamp: T0 + 2000 }]]);
    const [late] = timelineItems(events, [{ eventID: 'c'.repeat(32), groupID: null, title: 'late', dateCreated: new Date(T0 + 60_000).toISOString() }]);
    assert.equal(late!.offset, 2000);
  });
});
