// A customer page with the real @sentry/browser (browser tracing on), carrying every kind of secret in the places a
// browser SDK fills: the page URL's query (request), a fetch URL and console text (breadcrumbs), tags, contexts,
// extra, the transaction name, a span and the error's message. The markers come from the page (window.SECRETS).
import * as Sentry from '@sentry/browser';

const S = window.SECRETS;
Sentry.init({
  dsn: window.FAULTLINE_DSN,
  release: 'greeter@2.0.0',
  environment: 'production',
  sendDefaultPii: true,
  tracesSampleRate: 1,
  integrations: [Sentry.browserTracingIntegration()],
});
Sentry.setUser({ email: window.KEPT_USER_EMAIL });
Sentry.setContext('billing', { card: S.card, aws: `aws_secret_access_key=${S.awsSecret}` });
Sentry.setExtra('stripe', `configured with ${S.stripeKey}`);
// The SDK filters `jwt=` in URLs itself; a token in text reaches Faultline as sent.
Sentry.setExtra('session', `signed in with ${S.jwt}`);
Sentry.setExtra('form', { password: S.password, note: 'ordinary words stay' });
console.warn(`retrying with Authorization: Basic ${S.basicAuth} for ${S.emailInUrl}`);
console.info(`deploy hook used ${S.githubToken}`);

document.getElementById('go').addEventListener('click', async () => {
  await fetch(`/api/users/${S.emailInUrl}?jwt=${S.jwt}&code=${S.oauthCode}`).catch(() => undefined);
  Sentry.startSpan({ name: `GET /checkout?token=${S.spanToken}`, op: 'ui.action', attributes: { 'http.url': `https://shop.example.com/cb?code=${S.spanCode}` } }, () => {});
  Sentry.getCurrentScope().setTransactionName(`/checkout?token=${S.transactionToken}`);
  Sentry.captureException(new Error(`charge failed for ${S.emailInMessage}; retry with token=${S.freeTextToken} key ${S.stripeKey}`));
  await Sentry.flush(5000);
  window.sent = true;
});
window.ready = true;
