import * as Sentry from '@sentry/browser'; /* global BUILD_ID -- an esbuild define */
import { renderCallPanel } from './call-panel.js';

Sentry.init({ dsn: window.FAULTLINE_DSN, release: window.FAULTLINE_RELEASE, dist: window.FAULTLINE_DIST, defaultIntegrations: false,
  integrations: [Sentry.globalHandlersIntegration(), Sentry.browserApiErrorsIntegration(), Sentry.linkedErrorsIntegration(), Sentry.dedupeIntegration()] });
console.log('build', BUILD_ID);
document.getElementById('accept').addEventListener('click', () => { renderCallPanel(null); });
document.getElementById('reject').addEventListener('click', () => { Promise.reject(new Error('Call rejection failed: 503 from signaling')); });
