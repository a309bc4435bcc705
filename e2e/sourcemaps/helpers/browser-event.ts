/** @module The real @sentry/browser's captured error (fixture browser/04-event.envelope) as a fresh envelope. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const FIXTURE = new URL('../../../fixtures/sdk-11.12.0/', import.meta.url).pathname;

/** The captured browser event (real @sentry/browser), as a fresh envelope for one project; `patch` edits the event. */
export function fixtureEnvelope(patch: (ev: Record<string, unknown>) => void): string {
  const lines = readFileSync(`${FIXTURE}browser/04-event.envelope`, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.startsWith('{"type":"event"'));
  const ev = JSON.parse(lines[i + 1]!) as Record<string, unknown>;
  const id = randomUUID().replace(/-/g, '');
  ev.event_id = id;
  // Sent now: the recorded time would fall out of the issue list's statsPeriod once the fixture is weeks old.
  ev.timestamp = Date.now() / 1000;
  patch(ev);
  const header = JSON.parse(lines[0]!) as Record<string, unknown>;
  header.event_id = id;
  delete header.trace;
  delete header.dsn;
  return [JSON.stringify(header), '{"type":"event"}', JSON.stringify(ev), ''].join('\n');
}
