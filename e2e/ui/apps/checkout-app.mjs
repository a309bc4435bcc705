// A small checkout service using the real @sentry/node, driven by the UI tests. It leaves breadcrumbs, a user, a
// request and tags, then fails with a chained error inside app code that calls into a "library" frame.
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.DSN,
  release: process.env.RELEASE ?? 'checkout@2.3.0',
  environment: process.env.ENVIRONMENT ?? 'production',
  tracesSampleRate: 0,
});
Sentry.setUser({ id: 'u-7', email: 'grace@example.com', ip_address: '203.0.113.9' });
Sentry.setTag('region', 'eu-west');
// The request the failing handler was serving, as the SDK's http integration would attach it.
Sentry.addEventProcessor((event) => ({
  ...event,
  request: {
    method: 'POST',
    url: 'https://shop.example.com/api/checkout?cart=c-19&step=pay',
    query_string: 'cart=c-19&step=pay',
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0', 'content-type': 'application/json' },
    data: { cartId: 'c-19', items: 3 },
  },
}));

Sentry.addBreadcrumb({ category: 'auth', message: 'session restored for u-7', level: 'info' });
Sentry.addBreadcrumb({ category: 'http', type: 'http', data: { method: 'GET', url: 'https://shop.example.com/api/cart/c-19', status_code: 200 } });
Sentry.addBreadcrumb({ category: 'db.query', message: 'SELECT * FROM carts WHERE id = $1', level: 'debug' });
Sentry.addBreadcrumb({ category: 'payment', message: 'card declined by issuer, retrying', level: 'warning' });

class PaymentGatewayError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'PaymentGatewayError';
  }
}

function parseGatewayReply(raw) {
  return JSON.parse(raw); // throws SyntaxError on the gateway's HTML error page
}
function chargeCard(cart) {
  try {
    return parseGatewayReply('<html>502 Bad Gateway</html>');
  } catch (cause) {
    throw new PaymentGatewayError(`charge failed for cart ${cart}`, { cause });
  }
}

for (const cart of ['c-19', 'c-20']) {
  try {
    chargeCard(cart);
  } catch (e) {
    Sentry.captureException(e);
  }
}
Sentry.captureMessage('inventory sync lagging by 120s', 'warning');
Sentry.captureException(new RangeError('quantity must be between 1 and 99, got 140'));
await Sentry.flush(5000);
