// The real @sentry/node sending every kind of secret the privacy review found stored as sent (issue 8, finding 8),
// in every place an SDK puts text: message, exception, breadcrumbs, request, contexts, extra, transaction name, a
// log item and a span. The user context is set on purpose and must be kept. Every secret is a unique marker.
import * as Sentry from '@sentry/node';

const S = JSON.parse(process.env.SECRETS);

Sentry.init({
  dsn: process.env.DSN,
  release: 'secrets@1.0.0',
  environment: 'production',
  tracesSampleRate: 1,
  enableLogs: true,
  sendDefaultPii: true,
  defaultIntegrations: false,
});
Sentry.setUser({ id: 'u-7', email: S.keptUserEmail });
Sentry.addBreadcrumb({ category: 'http', message: `GET https://api.example.com/users/${S.emailInUrl}/profile`, data: { url: `https://api.example.com/users/${S.emailInUrl}` } });
Sentry.addBreadcrumb({ category: 'console', message: `retrying with Authorization: Basic ${S.basicAuth}` });
Sentry.setContext('billing', { card: S.card, aws: `aws_secret_access_key=${S.awsSecret}` });
Sentry.setExtra('stripe', `configured with ${S.stripeKey}`);
Sentry.setExtra('form', { password: S.password, note: 'ordinary words stay' });

Sentry.startSpan({ name: `GET /checkout?token=${S.spanToken}`, op: 'http.server', attributes: { 'http.url': `https://shop.example.com/cb?code=${S.spanCode}` } }, () => {
  Sentry.logger.info(`deploy hook used ${S.githubToken} for the release`);
});

Sentry.withScope((scope) => {
  scope.setTransactionName(`/checkout?token=${S.transactionToken}`);
  Sentry.captureEvent({
    message: `charge failed for ${S.emailInMessage}; retry with token=${S.freeTextToken}`,
    level: 'error',
    request: {
      method: 'POST',
      url: `https://shop.example.com/oauth/callback?jwt=${S.jwt}&code=${S.oauthCode}`,
      query_string: `jwt=${S.jwt}&code=${S.oauthCode}`,
      headers: { Authorization: `Bearer ${S.bearer}`, Cookie: `session=${S.cookie}`, 'User-Agent': 'secrets-app' },
    },
  });
});
Sentry.captureException(new Error(`payment provider refused key ${S.stripeKey} for ${S.emailInMessage}`));

await Sentry.flush(10_000);
