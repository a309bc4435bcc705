// Sends COUNT errors of RELEASE with the real @sentry/node, one flush each, and prints what came back: how many
// envelopes with an error were answered 2xx or 429, and the discards the SDK reported in its client reports.
import * as Sentry from '@sentry/node';

const seen = { ok: 0, limited: 0, other: 0, notSent: 0, discarded: 0 };
const count = Number(process.env.COUNT ?? 5);

Sentry.init({
  dsn: process.env.DSN,
  release: process.env.RELEASE,
  tracesSampleRate: 0,
  defaultIntegrations: false,
  transport: (options) => {
    const inner = Sentry.makeNodeTransport(options);
    return {
      ...inner,
      send: async (envelope) => {
        const items = envelope[1];
        const errors = items.filter(([h]) => h.type === 'event').length;
        const res = await inner.send(envelope);
        const code = res.statusCode;
        for (const [h, payload] of items) {
          if (h.type === 'client_report' && code === 200) seen.discarded += payload.discarded_events.reduce((n, d) => n + d.quantity, 0);
        }
        if (errors === 0) return res;
        if (code === undefined) seen.notSent += errors;
        else if (code >= 200 && code < 300) seen.ok += errors;
        else if (code === 429) seen.limited += errors;
        else seen.other += errors;
        return res;
      },
    };
  },
});
for (let i = 0; i < count; i++) {
  Sentry.captureException(new Error(`stats error ${i}`));
  // Each envelope goes out and its answer comes back before the next, so the SDK sees the 429 in time.
  await Sentry.flush(2000);
}
await Sentry.close(2000);
process.stdout.write(JSON.stringify(seen));
