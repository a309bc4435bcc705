// Sends COUNT errors with the real @sentry/node to DSN, deterministically: event SEQ of client CLIENT is in group
// (CLIENT * 7 + SEQ) % GROUPS (its own fingerprint and message) at timestamp BASE + SEQ seconds. With ONLY (a
// comma-separated list of SEQs) it sends just those. Every envelope's answer is written to LEDGER as JSON lines
// {seq, id, group, status} (status 0: no answer — the server was down, or the SDK dropped it). With STOP_FILE it
// stops early once that file exists; PACE_MS pauses after every 8 events, as an application produces errors over time.
import { appendFileSync, existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import * as Sentry from '@sentry/node';

const client = Number(process.env.CLIENT ?? 0);
const groups = Number(process.env.GROUPS ?? 10);
const base = Number(process.env.BASE);
const only = process.env.ONLY ? new Set(process.env.ONLY.split(',').filter(Boolean).map(Number)) : null;
const count = Number(process.env.COUNT ?? 100);
const ledger = process.env.LEDGER;
const stopFile = process.env.STOP_FILE;
const pace = Number(process.env.PACE_MS ?? 0);
const groupOf = (seq) => (client * 7 + seq) % groups;

const transport = (options) => {
  const inner = Sentry.makeNodeTransport(options);
  const record = (envelope, status) => {
    const seq = Number(envelope[0].event_id ? pending.get(envelope[0].event_id) : NaN);
    if (!Number.isNaN(seq)) appendFileSync(ledger, `${JSON.stringify({ seq, id: envelope[0].event_id, group: groupOf(seq), status })}\n`);
  };
  return {
    ...inner,
    send: (envelope) =>
      inner.send(envelope).then(
        (r) => {
          record(envelope, r?.statusCode ?? 0);
          return r;
        },
        (err) => {
          record(envelope, 0);
          throw err;
        },
      ),
  };
};

const pending = new Map();
Sentry.init({
  dsn: process.env.DSN,
  release: 'scale@1.0.0',
  defaultIntegrations: false,
  tracesSampleRate: 0,
  transport,
  beforeSend(event, hint) {
    const seq = hint.originalException.seq;
    pending.set(event.event_id, seq);
    event.timestamp = base + seq;
    event.fingerprint = [`group-${groupOf(seq)}`];
    return event;
  },
});
for (let seq = 0; seq < count; seq++) {
  if (only && !only.has(seq)) continue;
  const err = new Error(`scale-out group ${groupOf(seq)}`);
  err.seq = seq;
  Sentry.captureException(err);
  // A few in flight at a time, well under the SDK's buffer of 64, so the SDK itself drops nothing.
  if (seq % 8 === 7) {
    await Sentry.flush(10_000);
    if (pace) await delay(pace);
    if (stopFile && existsSync(stopFile)) break;
  }
}
await Sentry.close(10_000);
