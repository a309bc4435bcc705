/**
 * The signaling-server example (examples/signaling-server) loses no error while Faultline is unreachable:
 * the app starts with its DSN pointing at a port where nothing listens, captures handled errors, an unhandled
 * rejection, a warning and an uncaught exception that kills it; restarted (as its supervisor would), it captures
 * one more. Then Faultline starts on that port (its project and key were created in the data dir beforehand), and
 * the running app's offline queue delivers everything: each error stored exactly once, the queue empty. A final
 * restart sends nothing again.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_SCOPES, dsnOf, loadConfig, startServer, type RunningServer } from '@faultline/server';
import { createProject, createToken, ensureDefaults, openStore } from '@faultline/store';
import { waitFor } from '../helpers/test-server.ts';
import { freePort } from '../../scripts/free-port.ts';
import { startSignalingApp, type SignalingApp } from './helpers/signaling-app.ts';

interface Issue {
  id: string;
  title: string;
  count: string;
  level: string;
}

describe('signaling server example: offline queue while Faultline is down', () => {
  let port: number;
  let dataDir: string;
  let spool: string;
  let dsn: string;
  let token: string;
  let faultline: RunningServer | undefined;
  const apps: SignalingApp[] = [];

  const queued = () => readdirSync(spool).filter((n) => n.endsWith('.queued') || n.endsWith('.sending'));
  /** Error envelopes on disk (the SDK's session aggregates wait there too). */
  const errorsOnDisk = () =>
    queued().filter((name) => {
      try {
        return readFileSync(join(spool, name), 'utf8').includes('\n{"type":"event"');
      } catch {
        return false; // renamed between the listing and the read
      }
    }).length;

  before(async () => {
    port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'faultline-offline-'));
    spool = mkdtempSync(join(tmpdir(), 'signaling-spool-'));
    // The project and its key exist before Faultline runs, as on a server that is merely down.
    const store = await openStore({ dataDir, withoutQueue: true });
    const { org, team } = await ensureDefaults(store.db);
    const { key } = await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'signaling', platform: 'node' });
    token = (await createToken(store.db, { userId: null, name: 'e2e', scopes: [...ALL_SCOPES] })).token;
    await store.close();
    dsn = dsnOf(`http://127.0.0.1:${port}`, key);
  });
  after(async () => {
    for (const app of apps) await app.stop();
    await faultline?.close();
  });

  // Waiting envelopes are retried every second here (30 s by default), so the test need not sit out the SDK's
  // own doubling backoff when this machine is slow to start Faultline.
  const env = () => ({ SENTRY_DSN: dsn, SENTRY_OFFLINE_DIR: spool, SENTRY_OFFLINE_RETRY_SECONDS: '1', SENTRY_RELEASE: 'signaling@1.4.2', SENTRY_ENVIRONMENT: 'e2e' });

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${faultline!.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, path);
    return (await res.json()) as T;
  }

  async function issues(): Promise<Issue[]> {
    await faultline!.app.queue.flush();
    await faultline!.app.worker?.drain();
    return api<Issue[]>('/api/0/projects/faultline/signaling/issues/?query=&statsPeriod=14d');
  }

  it('keeps every error on disk while Faultline is down, across a crash and a restart', async () => {
    const first = await startSignalingApp(env());
    apps.push(first);
    assert.equal(await first.post('/offer', { room: 'lobby-3', peer: 'p-1' }), 400);
    assert.equal(await first.post('/offer', { room: 'lobby-3', peer: 'p-2' }), 400);
    assert.equal(await first.post('/ice', { room: 'lobby-3' }), 202);
    assert.equal(await first.post('/full', { room: 'lobby-3' }), 409);
    await waitFor(async () => errorsOnDisk() === 4 || undefined, 'four errors on disk');
    assert.equal(await first.post('/crash', { room: 'lobby-7' }), 202);
    assert.equal(await first.exited, 1, 'the uncaught exception ends the app with exit code 1');

    const second = await startSignalingApp(env());
    apps.push(second);
    assert.equal(await second.post('/offer', { room: 'lobby-9', peer: 'p-3' }), 400);
    // 4 + the crash + 1: all on disk, none delivered.
    await waitFor(async () => errorsOnDisk() === 6 || undefined, 'six errors on disk');
  });

  it('delivers each of them exactly once when Faultline comes up, and empties the queue', async () => {
    faultline = await startServer(loadConfig(['--port', String(port), '--data-dir', dataDir, '--log-level', 'error'], {}));
    assert.equal(faultline.url, `http://127.0.0.1:${port}`);
    // The running app retries on its own; nothing is restarted or poked.
    await waitFor(async () => queued().length === 0 || undefined, 'the offline queue to drain', 30_000);
    const list = await waitFor(async () => {
      const l = await issues();
      return l.reduce((n, i) => n + Number(i.count), 0) >= 6 ? l : undefined;
    }, 'six events stored');
    const summary = list.map((i) => `${i.title} ×${i.count} (${i.level})`).join(' | ');
    // An issue is titled by its latest event, so the three offers (two before the crash, one after) read as p-3's.
    const expected: Array<[RegExp, number, string]> = [
      [/^SignalingError: missing SDP in offer from peer p-\d in room lobby-\d$/, 3, 'error'],
      [/^Error: TURN allocation failed for room lobby-3: 486 Allocation Quota Reached$/, 1, 'error'],
      [/^room lobby-3 is full \(50 peers\)$/, 1, 'warning'],
      [/^TypeError: Cannot read properties of undefined \(reading 'peers'\)$/, 1, 'fatal'],
    ];
    assert.equal(list.length, expected.length, summary);
    for (const [title, count, level] of expected) {
      const issue = list.find((i) => title.test(i.title));
      assert.ok(issue, `${title} in ${summary}`);
      assert.deepEqual([Number(issue.count), issue.level], [count, level], issue.title);
    }
    const offers = list.find((i) => i.title.startsWith('SignalingError'))!;
    const stored = await api<Array<{ eventID: string; user: { display: string } | null }>>(`/api/0/issues/${offers.id}/events/`);
    assert.equal(new Set(stored.map((e) => e.eventID)).size, 3, 'three distinct events');
    const peers = stored.map((e) => /p-\d/.exec(e.user?.display ?? '')?.[0]).sort();
    assert.deepEqual(peers, ['p-1', 'p-2', 'p-3'], 'both runs of the app are there');
  });

  it('sends nothing again after a restart, and new errors go straight through', async () => {
    await apps[1]!.stop();
    const third = await startSignalingApp(env());
    apps.push(third);
    assert.equal(await third.post('/ice', { room: 'lobby-12' }), 202);
    const list = await waitFor(async () => {
      const l = await issues();
      return l.some((i) => i.title.includes('lobby-12')) ? l : undefined;
    }, 'the new error');
    const count = (prefix: string) => Number(list.find((i) => i.title.startsWith(prefix))?.count);
    assert.equal(count('SignalingError'), 3, 'no offer sent twice');
    assert.equal(count('TypeError'), 1, 'the crash not sent twice');
    assert.equal(count('room lobby-3 is full'), 1);
    // The app deletes an envelope's file when Faultline's answer arrives, which may be after digest stored it.
    await waitFor(async () => queued().length === 0 || undefined, 'the new envelope acknowledged');
  });
});
