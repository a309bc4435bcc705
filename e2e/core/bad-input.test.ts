/**
 * Bad input at ingest (issue 2's list): each answered with the right 4xx and a `detail`, counted once as an
 * outcome with its reason (checked on /metrics), and the next request served normally.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createKey, createProject, ensureDefaults, setKeyActive } from '@faultline/store';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';

const validEnvelope = (id = 'a'.repeat(32)) => {
  const payload = JSON.stringify({ event_id: id, message: 'still serving', level: 'error' });
  return Buffer.from(`{"event_id":"${id}"}\n{"type":"event","length":${Buffer.byteLength(payload)}}\n${payload}\n`);
};

async function outcomes(t: TestServer): Promise<Map<string, number>> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^faultline_outcomes_total\{([^}]*)\} (\d+)$/gm)) {
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    out.set(`${labels.reason}/${labels.category}`, Number(m[2]));
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`bad input at ingest: right 4xx, a detail, one outcome, and the next request served (${dialect})`, () => {
    let t: TestServer;
    let otherProjectKey: string;
    let disabledKey: string;

    before(async () => {
      t = await startTestServer(dialect);
      const { org, team } = await ensureDefaults(t.server.app.db);
      otherProjectKey = (await createProject(t.server.app.db, { orgId: org.id, teamId: team.id, slug: 'other' })).key.public_key;
      const key = await createKey(t.server.app.db, t.projectId, 'disabled');
      await setKeyActive(t.server.app.db, key.id, false);
      disabledKey = key.public_key;
    });
    after(async () => t?.close());

    const post = async (body: Buffer | Uint8Array, opts: { key?: string; headers?: Record<string, string>; projectId?: number; init?: Record<string, unknown> } = {}) => {
      const res = await fetch(`${t.url}/api/${opts.projectId ?? t.projectId}/envelope/?sentry_key=${opts.key ?? t.publicKey}`, {
        ...opts.init,
        method: 'POST',
        body: body as unknown as BodyInit,
        headers: { 'content-type': 'application/x-sentry-envelope', ...opts.headers },
      });
      const text = await res.text();
      let json: { detail?: string } = {};
      try {
        json = JSON.parse(text) as { detail?: string };
      } catch {
        /* asserted below */
      }
      return { status: res.status, detail: json.detail, text };
    };

    // JSON depth and syntax are digest's checks now (200, then an `invalid` outcome): see item-bounds.test.ts.
    const cases: Array<{ name: string; status: number; outcome: string; detail: RegExp; send: () => ReturnType<typeof post> }> = [
      {
        name: 'truncated envelope',
        status: 400,
        outcome: 'invalid/error',
        detail: /./,
        send: () => post(validEnvelope().subarray(0, 60)),
      },
      {
        name: 'a length past the end',
        status: 400,
        outcome: 'invalid/error',
        detail: /length|end/i,
        send: () => post(Buffer.from('{}\n{"type":"event","length":5000}\n{"message":"short"}\n')),
      },
      {
        name: 'invalid JSON envelope header',
        status: 400,
        outcome: 'invalid/error',
        detail: /header|JSON/i,
        send: () => post(Buffer.from('{"event_id":\n{"type":"event"}\n{}\n')),
      },
      {
        name: 'invalid UTF-8 in an event',
        status: 400,
        outcome: 'invalid/error',
        detail: /UTF-8/i,
        send: () => {
          const payload = Buffer.concat([Buffer.from('{"message":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
          return post(Buffer.concat([Buffer.from(`{}\n{"type":"event","length":${payload.length}}\n`), payload, Buffer.from('\n')]));
        },
      },
      {
        name: 'a 100 MB body',
        status: 413,
        outcome: 'too_large/error',
        detail: /exceeds|limit/i,
        send: () => post(Buffer.alloc(100 * 1024 * 1024, 0x61)),
      },
      {
        name: 'a 100 MB body sent chunked (no Content-Length)',
        status: 413,
        outcome: 'too_large/error',
        detail: /exceeds|limit/i,
        send: () => {
          let sentBytes = 0;
          const chunk = Buffer.alloc(1024 * 1024, 0x61);
          const stream = new ReadableStream<Uint8Array>({
            pull(controller) {
              if (sentBytes >= 100 * 1024 * 1024) controller.close();
              else {
                sentBytes += chunk.length;
                controller.enqueue(chunk);
              }
            },
          });
          return post(stream as unknown as Buffer, { init: { duplex: 'half' } });
        },
      },
      {
        name: 'a gzip bomb (small body inflating past the limit)',
        status: 413,
        outcome: 'too_large/error',
        detail: /inflates|limit/i,
        send: () => {
          const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0), { level: 9 });
          assert.ok(bomb.length < 100 * 1024, `bomb is ${bomb.length} bytes`);
          return post(bomb, { headers: { 'content-encoding': 'gzip' } });
        },
      },
      {
        name: "a key used on another project's URL",
        status: 403,
        outcome: 'invalid_key/error',
        detail: /does not belong|project/i,
        send: () => post(validEnvelope(), { key: otherProjectKey }),
      },
      {
        name: 'a disabled key',
        status: 403,
        outcome: 'invalid_key/error',
        detail: /disabled/i,
        send: () => post(validEnvelope(), { key: disabledKey }),
      },
    ];

    for (const c of cases) {
      it(`${c.name}: ${c.status} with a detail, counted as ${c.outcome}, next request served`, async () => {
        const before = await outcomes(t);
        const r = await c.send();
        assert.equal(r.status, c.status, `${c.name}: ${r.text.slice(0, 200)}`);
        assert.equal(typeof r.detail, 'string', `a JSON {"detail"} body, got ${r.text.slice(0, 200)}`);
        assert.match(r.detail!, c.detail);
        const after = await outcomes(t);
        assert.equal((after.get(c.outcome) ?? 0) - (before.get(c.outcome) ?? 0), 1, `one ${c.outcome} outcome (before ${JSON.stringify([...before])}, after ${JSON.stringify([...after])})`);
        const next = await post(validEnvelope());
        assert.equal(next.status, 200, `the next request after ${c.name}: ${next.text}`);
      });
    }

    it('an empty JSON item next to an event: the item is dropped (invalid), the acknowledged event is stored', async () => {
      const id = 'e'.repeat(32);
      const ev = JSON.stringify({ event_id: id, message: 'next to an empty session', level: 'error' });
      const before = await outcomes(t);
      const r = await post(Buffer.from(`{"event_id":"${id}"}\n{"type":"event","length":${ev.length}}\n${ev}\n{"type":"session","length":0}\n\n`));
      assert.equal(r.status, 200, r.text);
      assert.equal(((await outcomes(t)).get('invalid/session') ?? 0) - (before.get('invalid/session') ?? 0), 1);
      await waitForDigest(t);
      assert.ok(await t.server.app.db.get('SELECT 1 AS x FROM events WHERE event_id = ?', [id]), 'the event was stored');
      const raw = await t.server.app.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM raw_items WHERE type = 'undigested_envelope'");
      assert.equal(Number(raw?.n), 0, 'no envelope failed digest');
    });
  });
}
