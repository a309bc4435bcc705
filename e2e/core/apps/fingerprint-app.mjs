// Errors the fingerprint-rules test groups with and without project rules, sent with the real @sentry/node.
// Three PaymentDeclined errors from three functions (three issues by default) in two regions, two CacheMiss
// errors with different SDK fingerprints, and a warning message about a full disk. Prints {"sent": n}.
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.DSN, release: 'shop@1.0.0', environment: 'production', tracesSampleRate: 0, integrations: (all) => all.filter((i) => i.name !== 'Dedupe') });

class PaymentDeclined extends Error {
  name = 'PaymentDeclined';
}
class CacheMiss extends Error {
  name = 'CacheMiss';
}
const fromCard = () => new PaymentDeclined('card declined');
const fromWallet = () => new PaymentDeclined('wallet declined');
const fromInvoice = () => new PaymentDeclined('invoice declined');

let sent = 0;
const send = (region, error, fingerprint) =>
  Sentry.withScope((scope) => {
    scope.setTag('region', region);
    if (fingerprint) scope.setFingerprint(fingerprint);
    Sentry.captureException(error);
    sent++;
  });
send('eu', fromCard());
send('eu', fromWallet());
send('us', fromInvoice());
send('eu', new CacheMiss('users:42'), ['cache', 'users']);
send('eu', new CacheMiss('orders:7'), ['cache', 'orders']);
Sentry.withScope((scope) => {
  scope.setTag('region', 'us');
  Sentry.captureMessage('disk full on /dev/sda1', 'warning');
  sent++;
});
await Sentry.flush(5000);
process.stdout.write(JSON.stringify({ sent: String(sent) }));
