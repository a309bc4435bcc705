/** @module Test helpers: an in-memory ArtifactLookup and the captured browser-app fixture (bundle, map, events). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NormalizedEvent, StackFrame } from '@faultline/protocol';
import type { ArtifactFile, ArtifactLookup, ArtifactType } from '../src/symbolicate/index.ts';
import { fillFramePaths } from '../src/normalize/normalize-frame.ts';

export const FIXTURE = new URL('../../../fixtures/sdk-11.12.0/', import.meta.url).pathname;
export const APP_DEBUG_ID = '501739e4-32ae-55df-afa2-57e641abc4a6';

export function file(text: string, url?: string, headers: Record<string, string> = {}): ArtifactFile & { reads: number } {
  const f = {
    key: createHash('sha1').update(text).digest('hex'),
    headers,
    origin: 'test bundle',
    reads: 0,
    async read() {
      f.reads++;
      return text;
    },
    ...(url ? { url } : {}),
  };
  return f;
}

export class MemoryLookup implements ArtifactLookup {
  byId = new Map<string, ArtifactFile>();
  byName = new Map<string, ArtifactFile>();
  calls: string[] = [];
  addDebugId(id: string, type: ArtifactType, f: ArtifactFile): this {
    this.byId.set(`${id}|${type}`, f);
    return this;
  }
  addRelease(release: string, dist: string, f: ArtifactFile): this {
    this.byName.set(`${release}|${dist}|${f.url!}`, f);
    return this;
  }
  async byDebugId(id: string, type: ArtifactType) {
    this.calls.push(`id:${id}:${type}`);
    return this.byId.get(`${id}|${type}`);
  }
  async byUrl(release: string, dist: string, url: string) {
    this.calls.push(`url:${release}:${dist}:${url}`);
    return this.byName.get(`${release}|${dist}|${url}`);
  }
}

export function appBundle(): { js: string; map: string } {
  return {
    js: readFileSync(`${FIXTURE}browser-app/dist/app.js`, 'utf8'),
    map: readFileSync(`${FIXTURE}browser-app/dist/app.js.map`, 'utf8'),
  };
}

/** The event item of a captured envelope, shaped as normalize would leave it (enough for symbolication). */
export function fixtureEvent(name: string): NormalizedEvent {
  const lines = readFileSync(`${FIXTURE}browser/${name}`, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.startsWith('{"type":"event"'));
  return eventFrom(JSON.parse(lines[i + 1]!) as Record<string, unknown>);
}

export function eventFrom(raw: Record<string, unknown>): NormalizedEvent {
  const event = { event_id: 'e', timestamp: 1, received: 1, level: 'error', platform: 'javascript', type: 'error', tags: [], contexts: {}, errors: [], ...raw } as NormalizedEvent;
  for (const v of event.exception?.values ?? []) for (const f of v.stacktrace?.frames ?? []) fillFramePaths(f);
  return event;
}

export function framesOf(event: NormalizedEvent, i = 0): StackFrame[] {
  return event.exception!.values[i]!.stacktrace!.frames;
}
