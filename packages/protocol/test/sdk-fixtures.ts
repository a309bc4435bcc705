/**
 * @module Real envelopes captured from the 11.12.0 Node and browser SDKs, read from the repo's `fixtures/`. The
 * file name says the first item's type: `07-replay_event.envelope`.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export interface SdkFixture {
  /** `node/03-event.envelope` */
  name: string;
  /** The item type the file name announces. */
  firstType: string;
  body: Uint8Array;
}

const ROOT = fileURLToPath(new URL('../../../fixtures/sdk-11.12.0/', import.meta.url));

export function loadSdkFixtures(): SdkFixture[] {
  const out: SdkFixture[] = [];
  for (const runtime of ['node', 'browser']) {
    for (const file of readdirSync(join(ROOT, runtime)).sort()) {
      const m = /^\d+-(\w+)\.envelope$/.exec(file);
      if (!m) continue;
      const buf = readFileSync(join(ROOT, runtime, file));
      out.push({ name: `${runtime}/${file}`, firstType: m[1], body: new Uint8Array(buf) });
    }
  }
  return out;
}

export function loadSdkFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(ROOT, name)));
}
