/** @module The parent side of load-generator.ts: fork it, hand it a target, run phases, collect results. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CorpusOptions } from './corpus.ts';
import type { ClientChoice } from './http-client.ts';
import type { GeneratorCommand, GeneratorMessage, PhaseResult } from './load-generator.ts';

export type ReadyInfo = Extract<GeneratorMessage, { type: 'ready' }>;

export class GeneratorProcess {
  // Messages can arrive back to back in one read of the IPC channel, so they are queued, never dropped.
  private readonly inbox: GeneratorMessage[] = [];
  private wake: (() => void) | null = null;
  private exitCode: number | null | undefined = undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: GeneratorMessage) => {
      this.inbox.push(m);
      this.wake?.();
    });
    child.on('exit', (code) => {
      this.exitCode = code;
      this.wake?.();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The HTTP client every generator of this run uses (set once from --client). */
  static client: ClientChoice = 'undici';

  static async start(origin: string, connections: number, corpus: CorpusOptions): Promise<{ gen: GeneratorProcess; ready: ReadyInfo }> {
    const child = fork(join(import.meta.dirname, 'load-generator.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const gen = new GeneratorProcess(child);
    gen.child.send({ type: 'init', origin, connections, client: GeneratorProcess.client, corpus } satisfies GeneratorCommand);
    const ready = (await gen.next('ready')) as ReadyInfo;
    return { gen, ready };
  }

  private async next(type: GeneratorMessage['type']): Promise<GeneratorMessage> {
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type || m.type === 'error');
      if (i !== -1) {
        const [m] = this.inbox.splice(i, 1);
        if (m!.type === 'error') throw new Error(`load generator failed: ${m!.message}`);
        return m!;
      }
      if (this.exitCode !== undefined) throw new Error(`load generator exited (code ${this.exitCode})`);
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }

  /** Runs a phase; `onStarted` gets the wall-clock time of its first request. */
  async run(cmd: Extract<GeneratorCommand, { type: 'closed' | 'open' }>, onStarted?: (at: number) => void): Promise<PhaseResult> {
    this.child.send(cmd);
    const started = (await this.next('started')) as Extract<GeneratorMessage, { type: 'started' }>;
    onStarted?.(started.at);
    return ((await this.next('result')) as Extract<GeneratorMessage, { type: 'result' }>).result;
  }

  async exit(): Promise<void> {
    if (this.exitCode !== undefined || !this.child.connected) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.send({ type: 'exit' } satisfies GeneratorCommand);
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
  }
}
