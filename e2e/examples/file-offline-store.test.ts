/**
 * The signaling example's file-backed OfflineStore, as the SDK's makeOfflineTransport and the journaling transport
 * drive it: order, requeueing under the original key, recovery of in-flight files after a crash, unreadable
 * files, the size cap, and the transport's "delivered or kept" decisions.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnvelope, type Envelope, type Transport, type TransportMakeRequestResponse } from '@sentry/core';
import { createFileOfflineStore } from '../../examples/signaling-server/src/file-offline-store.ts';
import { journaled } from '../../examples/signaling-server/src/durable-transport.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'offline-store-'));
const event = (id: string): Envelope => createEnvelope({ event_id: id }, [[{ type: 'event' }, { event_id: id, message: `m ${id}` }]]);
const idOf = (e: Envelope | undefined) => (e?.[0] as { event_id?: string } | undefined)?.event_id;
const files = (d: string) => readdirSync(d).sort();

describe('file offline store', () => {
  it('hands envelopes back oldest first, as they were written', async () => {
    const d = dir();
    const s = createFileOfflineStore(d);
    for (const id of ['a', 'b', 'c']) await s.push(event(id));
    assert.equal(s.size(), 3);
    assert.deepEqual(files(d).map((f) => f.split('.')[1]), ['queued', 'queued', 'queued']);
    const first = await s.shift();
    assert.deepEqual(first, event('a'));
    assert.equal(idOf(await s.shift()), 'b');
    assert.equal(idOf(await s.shift()), 'c');
    assert.equal(await s.shift(), undefined);
    assert.equal(s.size(), 3, 'shifted envelopes stay on disk (in flight) until delivered');
  });

  it('puts a failed retry back at the head under its own key, and forgets delivered ones', async () => {
    const d = dir();
    const s = createFileOfflineStore(d);
    for (const id of ['a', 'b']) await s.push(event(id));
    const a = (await s.shift())!;
    await s.unshift(a);
    assert.equal(idOf(await s.shift()), 'a');
    const b = (await s.shift())!;
    s.delivered(b);
    await s.unshift(event('z'));
    assert.equal(idOf(await s.shift()), 'z', 'an unknown envelope unshifted goes ahead of everything');
    assert.equal(s.size(), 2);
  });

  it('journals before sending, and push after a failure keeps the same file', async () => {
    const d = dir();
    const s = createFileOfflineStore(d);
    const e = event('j');
    s.journal(e);
    assert.match(files(d)[0]!, /\.sending$/);
    await s.push(e);
    assert.deepEqual(files(d).map((f) => f.split('.')[1]), ['queued']);
    const again = (await s.shift())!;
    s.journal(again);
    s.delivered(again);
    assert.deepEqual(files(d), []);
  });

  it('after a crash, re-queues what was in flight and deletes half-written files', async () => {
    const d = dir();
    const before = createFileOfflineStore(d);
    before.journal(event('in-flight'));
    await before.push(event('waiting'));
    writeFileSync(join(d, '000000000000001-1-000000.queued.tmp'), '{"event_id":"tr');
    const after = createFileOfflineStore(d);
    assert.deepEqual(files(d).map((f) => f.split('.').slice(1).join('.')), ['queued', 'queued']);
    assert.equal(idOf(await after.shift()), 'in-flight');
    assert.equal(idOf(await after.shift()), 'waiting');
  });

  it('sets an unreadable file aside instead of retrying it forever', async () => {
    const d = dir();
    writeFileSync(join(d, '000000000000001-1-000000.queued'), 'not an envelope');
    const lines: string[] = [];
    const s = createFileOfflineStore(d, { log: (line) => lines.push(line) });
    await s.push(event('ok'));
    assert.equal(idOf(await s.shift()), 'ok');
    assert.ok(files(d).some((f) => f.endsWith('.corrupt')));
    assert.match(lines.join('\n'), /000000000000001-1-000000\.queued is not an envelope/);
  });

  it('refuses new envelopes past maxEnvelopes, and keeps half of the room for errors', async () => {
    const d = dir();
    const lines: string[] = [];
    const s = createFileOfflineStore(d, { maxEnvelopes: 4, log: (line) => lines.push(line) });
    const sessions = () => createEnvelope({}, [[{ type: 'sessions' }, { aggregates: [{ started: '2026-01-01T00:00:00Z', exited: 3 }], attrs: { release: 'r' } }]]);
    for (let i = 0; i < 5; i++) await s.push(sessions());
    assert.equal(s.size(), 2, 'session aggregates stop at half');
    for (const id of ['a', 'b', 'c']) await s.push(event(id));
    s.journal(event('d'));
    assert.equal(s.size(), 4);
    const kept: string[] = [];
    for (let e = await s.shift(); e; e = await s.shift()) kept.push(String(e[1][0]![0].type));
    assert.deepEqual(kept, ['sessions', 'sessions', 'event', 'event']);
    assert.equal(lines.filter((l) => l.includes('dropping a new non-error envelope')).length, 3);
    assert.equal(lines.filter((l) => l.includes('dropping a new error')).length, 2);
  });
});

describe('journaling transport', () => {
  function fake(...answers: Array<TransportMakeRequestResponse | Error>): Transport {
    return {
      async send() {
        const a = answers.shift()!;
        if (a instanceof Error) throw a;
        return a;
      },
      flush: async () => true,
    };
  }
  const limits = (status: number, rateLimits: string, retryAfter = '30') => ({ statusCode: status, headers: { 'x-sentry-rate-limits': rateLimits, 'retry-after': retryAfter } });

  it('forgets an envelope Faultline accepted, or refused for good (400, 413, a quota 429)', async () => {
    const d = dir();
    const s = createFileOfflineStore(d);
    const t = journaled(s, fake({ statusCode: 200 }, { statusCode: 400 }, { statusCode: 413 }, limits(429, '60:error:key:key_quota'), {}));
    for (const id of ['a', 'b', 'c', 'd', 'e']) await t.send(event(id));
    assert.deepEqual(files(d), []);
  });

  it('keeps (throws, stays journaled) on a network error, a 5xx, and backpressure', async () => {
    const d = dir();
    const s = createFileOfflineStore(d);
    const t = journaled(s, fake(new Error('ECONNREFUSED'), { statusCode: 502 }, limits(429, '5:error;default:organization:backpressure'), {}));
    await assert.rejects(async () => t.send(event('net')), /ECONNREFUSED/);
    await assert.rejects(async () => t.send(event('5xx')), /502/);
    await assert.rejects(async () => t.send(event('bp')), /429/);
    await assert.rejects(async () => t.send(event('held')), /backpressure/, 'not sent because of an active backpressure limit');
    assert.equal(s.size(), 4);
  });

  it('never journals client reports (the SDK never queues them)', async () => {
    const d = dir();
    const s = createFileOfflineStore(d);
    const report = createEnvelope({}, [[{ type: 'client_report' }, { timestamp: 1, discarded_events: [] }]]);
    const t = journaled(s, fake({ statusCode: 503 }));
    await t.send(report);
    assert.deepEqual(files(d), []);
  });
});
