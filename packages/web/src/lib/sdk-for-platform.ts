/** @module `sdkForPlatform`: which SDK's snippet fits a project's platform (Sentry's platform ids), Node.js when unknown. */
import type { Snippet } from './sdk-snippets.ts';

const BY_PREFIX: Array<[string, Snippet['id']]> = [
  ['python', 'python'],
  ['go', 'go'],
  ['java', 'java'],
  ['csharp', 'dotnet'],
  ['dotnet', 'dotnet'],
  ['php', 'php'],
  ['ruby', 'ruby'],
];

export function sdkForPlatform(platform: string | null): Snippet['id'] {
  if (platform === 'javascript-nextjs') return 'nextjs';
  if (platform === 'javascript' || platform?.startsWith('javascript-')) return 'browser';
  return BY_PREFIX.find(([prefix]) => platform?.startsWith(prefix))?.[1] ?? 'node';
}

/** SDKs whose stack traces need source maps (uploaded per release with sentry-cli). */
export function usesSourceMaps(sdk: Snippet['id']): boolean {
  return sdk === 'node' || sdk === 'browser' || sdk === 'nextjs';
}
