/** @module The reporter's version, sent as `sdk.version` and in `sentry_client`; kept equal to package.json by a test. */
export const VERSION = '0.1.0';
export const SDK_NAME = 'faultline.javascript.reporter';
