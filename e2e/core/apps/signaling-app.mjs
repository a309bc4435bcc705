// A small signaling-server-like app using the real @sentry/node, driven by the end-to-end tests.
// Scenario: an error with a cause, a message, a custom fingerprint, a user, an unhandled rejection,
// then an uncaught exception that ends the process (as a crashing server would).
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.DSN,
  release: 'signaling@1.4.2',
  environment: 'production',
  tracesSampleRate: 0,
});
Sentry.setUser({ id: 'u-42', email: 'ada@example.com' });
Sentry.setTag('room', 'lobby-3');
Sentry.addBreadcrumb({ category: 'ws', message: 'peer joined', data: { peer: 'p-1' } });

class SignalingError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'SignalingError';
  }
}

function negotiate(offer, peer) {
  if (!offer.sdp) throw new SignalingError(`missing SDP in offer from peer ${peer}`, { cause: new TypeError(`offer.sdp is undefined for ${peer}`) });
}
function handleMessage(msg) {
  negotiate(msg.offer, msg.peer);
}

// Different messages, same code path: one issue. (The SDK's dedupe integration drops an error whose first
// exception, here the cause, equals the previous event's, so the cause's message varies too.)
for (let i = 0; i < 3; i++) {
  try {
    handleMessage({ offer: {}, peer: `p-${i}` });
  } catch (e) {
    Sentry.captureException(e);
  }
}
Sentry.captureMessage('ICE restart limit reached for room lobby-3', 'warning');
Sentry.withScope((scope) => {
  scope.setFingerprint(['ice-failure', 'turn-server']);
  Sentry.captureException(new Error('TURN allocation failed for peer p-7'));
});
Sentry.withScope((scope) => {
  scope.setFingerprint(['ice-failure', 'turn-server']);
  Sentry.captureException(new Error('TURN allocation failed for peer p-9'));
});
await Sentry.flush(5000);

Promise.reject(new RangeError('room capacity exceeded: 51 > 50'));
await new Promise((r) => setTimeout(r, 200));
await Sentry.flush(5000);

setTimeout(() => {
  // An uncaught exception: the SDK reports it (handled: false) and exits the process.
  // eslint-disable-next-line no-undef -- the point: a ReferenceError nobody catches
  undefinedSignalingFunction();
}, 10);
