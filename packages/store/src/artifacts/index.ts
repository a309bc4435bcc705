/** @module Uploaded source maps: the blob store, upload chunks, artifact bundles, release files, releases and their commits. */
export * from './blob-store.ts';
export * from './chunks.ts';
export * from './artifact-bundles.ts';
export * from './release-files.ts';
export * from './releases.ts';
export * from './release-commits.ts';
export * from './artifact-expiry.ts';
