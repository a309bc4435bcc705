/**
 * @module The captured SDK 11.12.0 traffic (`fixtures/sdk-11.12.0/`) through normalize and group: what the issue
 * list will show for real @sentry/node and @sentry/browser events.
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';
import { computeGrouping, normalizeEvent } from '../src/index.ts';

const DIR = fileURLToPath(new URL('../../../fixtures/sdk-11.12.0/', import.meta.url));
const CLIENT_IP = '198.51.100.7';

interface Captured {
  envelopeEventId: string;
  raw: Record<string, unknown>;
  event: NormalizedEvent;
  grouping: GroupingResult;
}

/** Every `event` item: line 1 is the envelope header, then item header / payload line pairs. */
function load(folder: string): Map<string, Captured> {
  const out = new Map<string, Captured>();
  for (const file of readdirSync(`${DIR}${folder}`).filter((f) => f.endsWith('.envelope')).sort()) {
    const lines = readFileSync(`${DIR}${folder}/${file}`, 'utf8').split('\n');
    const header = JSON.parse(lines[0]) as { event_id?: string };
    for (let i = 1; i + 1 < lines.length; i++) {
      let item: { type?: string };
      try {
        item = JSON.parse(lines[i]);
      } catch {
        continue; // binary payload lines (replay recordings)
      }
      if (item?.type !== 'event') continue;
      const raw = JSON.parse(lines[i + 1]) as Record<string, unknown>;
      const event = normalizeEvent(raw, { receivedAt: 1_795_386_500, clientIp: CLIENT_IP, envelopeEventId: header.event_id });
      out.set(file.slice(0, 2), { envelopeEventId: header.event_id!, raw, event, grouping: computeGrouping(event) });
    }
  }
  return out;
}

const node = load('node');
const browser = load('browser');

describe('captured @sentry/node 11.12.0 events', () => {
  it('finds the five error and message events', () => {
    assert.deepEqual([...node.keys()], ['03', '04', '05', '07', '08']);
  });

  const expected: Record<string, { title: string; culprit: string; level: string }> = {
    // captureMessage with attachStacktrace: a synthetic exception without a type, titled by its message
    '03': { title: 'ICE restart limit reached for room lobby-3', culprit: '?(/srv/signaling/src/index.mjs)', level: 'warning' },
    // a SignalingError whose cause is a TypeError: titled by the thrown (last) exception
    '04': { title: 'SignalingError: missing SDP in offer', culprit: 'negotiate(/srv/signaling/src/index.mjs)', level: 'error' },
    '05': { title: "SyntaxError: Expected property name or '}' in JSON at position 1", culprit: '?(/srv/signaling/src/index.mjs)', level: 'error' },
    '07': { title: 'Error: TURN credentials fetch failed', culprit: 'Timeout._onTimeout(/srv/signaling/src/index.mjs)', level: 'error' },
    '08': { title: 'ReferenceError: undefinedFunctionCall is not defined', culprit: 'Timeout._onTimeout(/srv/signaling/src/index.mjs)', level: 'fatal' },
  };
  for (const [id, want] of Object.entries(expected)) {
    it(`${id}: "${want.title}" at ${want.culprit}`, () => {
      const { event, grouping, envelopeEventId } = node.get(id)!;
      assert.equal(grouping.title, want.title);
      assert.equal(grouping.culprit, want.culprit);
      assert.equal(event.level, want.level);
      assert.equal(event.event_id, envelopeEventId);
      assert.deepEqual(event.errors, []);
      assert.equal(grouping.issueType, 'error');
      // app frames and system frames both count: an app hash, then a system hash
      assert.equal(grouping.hashes.length, 2);
    });
  }

  it('gives every captured error its own issue', () => {
    const all = [...node.values()].flatMap((c) => c.grouping.hashes);
    assert.equal(new Set(all).size, all.length);
  });

  it('marks node: internals as system frames and keeps the SDK contexts', () => {
    const { event } = node.get('07')!;
    assert.deepEqual(event.exception!.values[0].stacktrace!.frames.map((f) => f.in_app), [false, false, true]);
    assert.equal(event.contexts.os?.name, 'Debian');
    assert.equal(event.contexts.browser, undefined);
    const tags = Object.fromEntries(event.tags);
    assert.equal(tags.runtime, 'node v20.20.2');
    assert.equal(tags.os, 'Debian 12.11'); // the SDK's "12.11\n" made tag-safe
    assert.equal(tags.handled, 'no');
    assert.equal(tags.mechanism, 'auto.node.onunhandledrejection');
    assert.equal(tags.room, 'lobby-3');
  });

  it('groups the chained error by both exceptions, not by the cause message', () => {
    const { raw } = node.get('04')!;
    const copy = structuredClone(raw) as { exception: { values: Array<{ value: string; stacktrace: { frames: Array<{ function: string }> } }> } };
    copy.exception.values[0].value = 'Cannot read properties of undefined (reading "type")';
    assert.deepEqual(computeGrouping(normalizeEvent(copy, { receivedAt: 1 })).hashes, node.get('04')!.grouping.hashes);
    copy.exception.values[0].stacktrace.frames[5].function = 'renegotiate';
    assert.notDeepEqual(computeGrouping(normalizeEvent(copy, { receivedAt: 1 })).hashes, node.get('04')!.grouping.hashes);
  });

  it('normalizes a stored event to itself (reprocessing is safe)', () => {
    for (const { event, envelopeEventId } of [...node.values(), ...browser.values()]) {
      const stored = JSON.parse(JSON.stringify(event));
      assert.deepEqual(normalizeEvent(stored, { receivedAt: 1_795_386_500, clientIp: CLIENT_IP, envelopeEventId }), JSON.parse(JSON.stringify(event)));
    }
  });

  it('is deterministic', () => {
    const { raw, grouping } = node.get('05')!;
    assert.deepEqual(computeGrouping(normalizeEvent(structuredClone(raw), { receivedAt: 2 })), grouping);
  });
});

describe('captured @sentry/browser 11.12.0 events', () => {
  it('finds the two error events', () => {
    assert.deepEqual([...browser.keys()], ['04', '05']);
  });

  it("04: the TypeError from minified code, culprit the page's transaction", () => {
    const { grouping } = browser.get('04')!;
    assert.equal(grouping.title, "TypeError: Cannot read properties of null (reading 'visitor')");
    assert.equal(grouping.culprit, '/');
    assert.deepEqual(grouping.metadata, {
      type: 'TypeError',
      value: "Cannot read properties of null (reading 'visitor')",
      filename: '/dist/app.js',
      function: 'ER',
      in_app_frame_mix: 'in-app-only',
    });
    // every frame is in-app: one hash serves both variants
    assert.equal(grouping.hashes.length, 1);
  });

  it('05: the unhandled rejection', () => {
    assert.equal(browser.get('05')!.grouping.title, 'Error: Call rejection failed: 503 from signaling');
    assert.notDeepEqual(browser.get('05')!.grouping.hashes, browser.get('04')!.grouping.hashes);
  });

  for (const id of ['04', '05']) {
    it(`${id}: gets browser and os contexts from the User-Agent, which the SDK never sends`, () => {
      const { event, raw } = browser.get(id)!;
      assert.equal((raw.contexts as Record<string, unknown>).browser, undefined);
      assert.deepEqual(event.contexts.browser, { name: 'HeadlessChrome', version: '156.0.0', type: 'browser' });
      assert.deepEqual(event.contexts.os, { name: 'Linux', type: 'os' });
      const tags = Object.fromEntries(event.tags);
      assert.equal(tags['browser.name'], 'HeadlessChrome');
      assert.equal(tags.browser, 'HeadlessChrome 156.0.0');
      assert.equal(tags.url, 'http://127.0.0.1:9999/');
    });

    it(`${id}: fills the user IP (infer_ip: auto) and splits URL frames (docs/protocol.md §6 Step 0)`, () => {
      const { event } = browser.get(id)!;
      assert.equal(event.user?.ip_address, CLIENT_IP);
      const [frame] = event.exception!.values[0].stacktrace!.frames;
      assert.equal(frame.abs_path, 'http://127.0.0.1:9999/dist/app.js');
      assert.equal(frame.filename, '/dist/app.js');
    });
  }

  it('04: groups by minified function names only (URL filenames and <anonymous> do not count)', () => {
    const { event, grouping } = browser.get('04')!;
    const moved = structuredClone(event);
    for (const frame of moved.exception!.values[0].stacktrace!.frames) frame.abs_path = 'https://cdn.example.com/dist/app.9f8e.js';
    moved.exception!.values[0].value = "Cannot read properties of null (reading 'caller')";
    assert.deepEqual(computeGrouping(moved).hashes, grouping.hashes);
  });
});
