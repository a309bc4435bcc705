/** @module Runs an SDK client script in a child process with the DSN (and extra env) and returns the JSON it prints. */
import { spawn } from 'node:child_process';

export function runClient(cmd: string, args: string[], dsn: string, env: Record<string, string> = {}): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env, DSN: dsn }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, string>) : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}
