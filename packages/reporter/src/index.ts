/**
 * @module A tiny error reporter for a widget embedded in other people's pages: it reports the widget's own
 * uncaught errors and rejections (never the host page's) to Faultline over the Sentry envelope protocol, with no
 * dependencies and a size budget checked in tests. Every function here is safe to call at any time: none throws.
 *
 * ```js
 * import { init, captureException } from '@faultline/reporter';
 * init({ dsn: 'https://key@faultline.example.com/3', release: 'widget@2.1.0' });
 * ```
 */
export { init, captureException, captureMessage, addBreadcrumb, setUser, setTag } from './client.ts';
export type { Breadcrumb, CaptureContext, Frame, Level, ReporterEvent, ReporterOptions, User } from './types.ts';
