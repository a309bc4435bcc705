// The greeter page a customer ships: the real @sentry/browser with its replay integration, masking all text and
// blocking all media. `?mode=session` records every session; `?mode=buffer` only keeps a buffer that an error sends.
import * as Sentry from '@sentry/browser';

const mode = new URLSearchParams(window.location.search).get('mode');
Sentry.init({
  dsn: window.FAULTLINE_DSN,
  release: 'greeter@1.0.0',
  environment: 'production',
  integrations: [
    // Short flush delays and no minimum duration so the test does not wait for the SDK's 5 s defaults.
    Sentry.replayIntegration({ maskAllText: true, blockAllMedia: true, flushMinDelay: 200, flushMaxDelay: 400, minReplayDuration: 0 }),
  ],
  replaysSessionSampleRate: mode === 'session' ? 1 : 0,
  replaysOnErrorSampleRate: 1,
});
Sentry.setUser({ email: 'agent@example.com' });

document.getElementById('open-call').addEventListener('click', () => {
  window.history.pushState({}, '', '/calls/42');
  document.getElementById('view').textContent = 'Call 42 opened by Marigold Quokka';
  console.warn('call view opened');
  // A request the replay's network capture records (the static site answers 404).
  void fetch('/calls/42/notes');
});
document.getElementById('crash').addEventListener('click', () => {
  throw new Error('Greeter crashed while greeting');
});
window.Sentry = Sentry;
window.replayReady = true;
