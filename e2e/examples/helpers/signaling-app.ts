/** @module Runs examples/signaling-server as its own process (port 0), for the example suites to post to. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const APP = fileURLToPath(new URL('../../../examples/signaling-server/src/server.ts', import.meta.url));

export interface SignalingApp {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything the app wrote to stdout and stderr so far. */
  output(): string;
  post(path: string, body: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

export async function startSignalingApp(env: Record<string, string>, unset: string[] = []): Promise<SignalingApp> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, PORT: '0' };
  for (const name of unset) delete childEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', APP], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`the app exited (${code}) before listening: ${output}`)));
  });
  return {
    url,
    child,
    exited,
    output: () => output,
    async post(path, body) {
      return (await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body) })).status;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
