/**
 * @module A durable `OfflineStore` for the Sentry SDK's `makeOfflineTransport`: one file per envelope in a
 * directory, so errors captured while Faultline is unreachable survive a crash or a restart and are sent later.
 *
 * Files are `<key>.queued` (waiting for a retry) or `<key>.sending` (handed to the network, not yet acknowledged);
 * keys sort oldest first. Every file is written aside and renamed into place, so a crash mid-write leaves a stray
 * `.tmp` (deleted at the next start), never half an envelope. One process per directory.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvelope, serializeEnvelope, type Envelope, type OfflineStore } from '@sentry/core';

export interface FileOfflineStoreOptions {
  /**
   * Envelopes kept at most; past it new ones are refused (and reported on stderr), so a long outage can't fill
   * the disk. 1000 errors of a few KB each is a few MB. Anything but an error (the SDK's session aggregates,
   * one a minute on a busy server) may fill only half, so a long outage can't crowd the errors out.
   */
  maxEnvelopes?: number;
  /** Where dropped and unreadable envelopes are reported. Default: a line on stderr. */
  log?: (line: string) => void;
}

export interface FileOfflineStore extends OfflineStore {
  /** Puts an envelope on disk as `.sending` before it goes out (see durable-transport.ts). */
  journal(envelope: Envelope): void;
  /** Faultline acknowledged it: its file goes. */
  delivered(envelope: Envelope): void;
  /** How many envelopes are on disk, waiting or in flight. */
  size(): number;
}

const QUEUED = '.queued';
const SENDING = '.sending';

export function createFileOfflineStore(dir: string, options: FileOfflineStoreOptions = {}): FileOfflineStore {
  const max = options.maxEnvelopes ?? 1000;
  const log = options.log ?? ((line: string) => process.stderr.write(`[offline store] ${line}\n`));
  mkdirSync(dir, { recursive: true });
  // Which file holds an envelope object we handed out or journaled: the offline transport gives the same object
  // back to push/unshift when a send fails, so it goes back under its own (older) key, keeping the order.
  const keys = new WeakMap<Envelope, string>();
  let counter = 0;

  const names = () => readdirSync(dir).sort();
  const newKey = () => `${Date.now().toString().padStart(15, '0')}-${process.pid}-${(counter++).toString().padStart(6, '0')}`;

  function write(key: string, suffix: string, envelope: Envelope): void {
    const file = join(dir, key + suffix);
    const tmp = `${file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, Buffer.from(serializeEnvelope(envelope)));
      // The point of this store is surviving a crash: the bytes are on disk before the name says they are.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  }

  const size = () => names().filter((n) => n.endsWith(QUEUED) || n.endsWith(SENDING)).length;

  function full(envelope: Envelope): boolean {
    const isError = envelope[1].some(([item]) => item.type === 'event');
    const limit = isError ? max : Math.floor(max / 2);
    if (size() < limit) return false;
    log(`${dir} holds ${size()} envelopes; dropping a new ${isError ? 'error' : 'non-error envelope'}`);
    return true;
  }

  /** Back to the queue: under its own key if we know the envelope, else under `key()`. */
  function requeue(envelope: Envelope, key: () => string): void {
    const known = keys.get(envelope);
    keys.delete(envelope);
    if (known) {
      try {
        renameSync(join(dir, known + SENDING), join(dir, known + QUEUED));
        return;
      } catch {
        // Its file is gone (delivered meanwhile by a concurrent retry): write it again rather than lose it.
      }
    }
    if (!full(envelope)) write(known ?? key(), QUEUED, envelope);
  }

  // A previous process died with these in flight: whether they arrived is unknown, so they go again. Faultline
  // keeps the first copy of an event id and counts the rest as duplicates, so a resend never doubles an error.
  for (const name of names()) {
    if (name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
    else if (name.endsWith(SENDING)) renameSync(join(dir, name), join(dir, name.slice(0, -SENDING.length) + QUEUED));
  }

  return {
    async push(envelope) {
      requeue(envelope, newKey);
    },
    async unshift(envelope) {
      // Ahead of everything waiting: one millisecond before the oldest key.
      requeue(envelope, () => {
        const first = names().find((n) => n.endsWith(QUEUED));
        return first ? `${(Number(first.slice(0, 15)) - 1).toString().padStart(15, '0')}-${process.pid}-${(counter++).toString().padStart(6, '0')}` : newKey();
      });
    },
    async shift() {
      for (const name of names()) {
        if (!name.endsWith(QUEUED)) continue;
        const key = name.slice(0, -QUEUED.length);
        const file = join(dir, name);
        let envelope: Envelope;
        try {
          envelope = parseEnvelope(readFileSync(file));
        } catch (err) {
          // Unreadable (edited by hand, a foreign file): set aside for a human, never retried forever.
          log(`${file} is not an envelope (${String(err)}); renamed to .corrupt`);
          renameSync(file, join(dir, `${key}.corrupt`));
          continue;
        }
        renameSync(file, join(dir, key + SENDING));
        keys.set(envelope, key);
        return envelope;
      }
      return undefined;
    },
    journal(envelope) {
      if (keys.has(envelope) || full(envelope)) return;
      const key = newKey();
      write(key, SENDING, envelope);
      keys.set(envelope, key);
    },
    delivered(envelope) {
      const key = keys.get(envelope);
      if (!key) return;
      keys.delete(envelope);
      rmSync(join(dir, key + SENDING), { force: true });
    },
    size,
  };
}
