/**
 * @module Runs the real sentry-cli from npm — 3.x (`@sentry/cli`) or 2.x (`sentry-cli-2`, an npm alias) — against
 * a test server, asynchronously (the server runs in this process: a synchronous spawn would deadlock it).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type CliVersion = 3 | 2;

const BIN: Record<CliVersion, string> = {
  3: fileURLToPath(new URL('../../../node_modules/@sentry/cli/bin/sentry-cli', import.meta.url)),
  2: fileURLToPath(new URL('../../../node_modules/sentry-cli-2/bin/sentry-cli', import.meta.url)),
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function sentryCli(version: CliVersion, args: string[], env: { url: string; token: string; org?: string; project?: string; dsn?: string; cwd?: string }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN[version], ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          SENTRY_URL: env.url,
          SENTRY_AUTH_TOKEN: env.token,
          SENTRY_ORG: env.org ?? 'faultline',
          ...(env.project ? { SENTRY_PROJECT: env.project } : {}),
          ...(env.dsn ? { SENTRY_DSN: env.dsn } : {}),
          SENTRY_LOG_LEVEL: 'warn',
          SENTRYCLI_SKIP_DOWNLOAD: '1',
        },
        timeout: 120_000,
        ...(env.cwd ? { cwd: env.cwd } : {}),
      },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}
