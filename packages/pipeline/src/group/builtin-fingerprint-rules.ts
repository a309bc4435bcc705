/**
 * @module Sentry's built-in JavaScript fingerprint rules (`javascript@2024-02-02`): errors whose stack or
 * message varies although the cause is one. A failed chunk load is a deploy/network problem wherever it
 * surfaces; a React hydration mismatch is one problem per page (transaction), not one per component stack.
 */

import type { FingerprintRule } from './fingerprint-rules.ts';

const HYDRATION = ['hydrationerror', '{{tags.transaction}}'];

/** React's hydration failure messages: development builds spell them out, production builds link a code. */
const HYDRATION_MESSAGES = [
  'Hydration failed because the initial UI does not match what was rendered on the server.',
  'The server could not finish this Suspense boundary, likely due to an error during server rendering. Switched to client rendering.',
  'There was an error while hydrating this Suspense boundary. Switched to client rendering.',
  'There was an error while hydrating. Because the error happened outside of a Suspense boundary, the entire root will switch to client rendering.',
  'Text content does not match server-rendered HTML.',
  // React 19 rewords the first one; same problem, same group.
  "Hydration failed because the server rendered * didn't match the client.*",
];
const MINIFIED_HYDRATION_CODES = ['418', '419', '422', '423', '425'];

export const BUILTIN_JAVASCRIPT_FINGERPRINT_RULES: readonly FingerprintRule[] = [
  { match: { family: 'javascript', type: 'ChunkLoadError' }, fingerprint: ['chunkloaderror'] },
  { match: { family: 'javascript', value: 'ChunkLoadError*' }, fingerprint: ['chunkloaderror'] },
  ...HYDRATION_MESSAGES.map((message) => ({ match: { 'tags.transaction': '*', message }, fingerprint: HYDRATION })),
  ...MINIFIED_HYDRATION_CODES.map((code) => ({
    match: { family: 'javascript', 'tags.transaction': '*', message: `Minified React error #${code};*` },
    fingerprint: HYDRATION,
  })),
];
