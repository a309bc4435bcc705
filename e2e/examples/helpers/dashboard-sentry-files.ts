/**
 * @module The project page's Next.js snippet as `examples/dashboard` commits it: each file's text with the DSN,
 * Faultline URL, org and project read from the environment instead of written in. The dashboard suite builds those
 * files, and nextjs-snippet.test.ts keeps them equal to the snippet, so neither can drift from the other.
 */
import { fileURLToPath } from 'node:url';
import { sdkSnippets, type SnippetFile } from '../../../packages/web/src/lib/sdk-snippets.ts';

export const DASHBOARD_DIR = fileURLToPath(new URL('../../../examples/dashboard/', import.meta.url));

const DSN = 'https://0123456789abcdef0123456789abcdef@faultline.invalid/1';
const URL_ = 'https://faultline.invalid';
const ORG = 'org-from-env';
const PROJECT = 'project-from-env';

/** A value the snippet writes in, and the environment variable the example reads it from. */
const FROM_ENV: Array<[string, string]> = [
  [JSON.stringify(DSN), 'process.env.NEXT_PUBLIC_SENTRY_DSN'],
  [JSON.stringify(`${URL_}/`), 'process.env.SENTRY_URL'],
  [JSON.stringify(ORG), 'process.env.SENTRY_ORG'],
  [JSON.stringify(PROJECT), 'process.env.SENTRY_PROJECT'],
];

export function dashboardSentryFiles(): SnippetFile[] {
  const nextjs = sdkSnippets(DSN, { publicUrl: URL_, org: ORG, project: PROJECT }).find((s) => s.id === 'nextjs')!;
  return nextjs.files.map((f) => ({ ...f, code: FROM_ENV.reduce((code, [literal, env]) => code.split(literal).join(env), f.code) }));
}
